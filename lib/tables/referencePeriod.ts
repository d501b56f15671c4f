import { ConfigError } from '../errors.ts';
import type { Cube } from '../eurostat/parse/cube.ts';

/** The configured year, or the latest year with data in every Eurostat source. */
export function referencePeriod(cubes: readonly Cube[], configured: number | undefined): string {
  if (configured !== undefined) {
    const p = String(configured);
    for (const c of cubes) {
      if (!c.periodsWithData.has(p)) {
        throw new ConfigError(
          `year ${p} has no data in ${c.file} (years with data: ${[...c.periodsWithData].sort().join(', ') || 'none'}). ` +
            'Change "year" in the configuration or leave it out to use the latest common year.',
        );
      }
    }
    return p;
  }
  const common = [...(cubes[0]?.periodsWithData ?? [])].filter(
    (p) => /^\d{4}$/.test(p) && cubes.every((c) => c.periodsWithData.has(p)),
  );
  if (common.length === 0) {
    throw new ConfigError(
      `the Eurostat sources share no year with data (${cubes.map((c) => c.file).join(', ')}); check the filters in the configuration`,
    );
  }
  return common.sort().at(-1) as string;
}
