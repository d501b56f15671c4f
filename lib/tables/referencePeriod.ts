import type { YearSelection } from '../config/configuration.ts';
import { ConfigError } from '../errors.ts';
import type { Cube } from '../eurostat/parse/cube.ts';
import type { Notice } from '../model/notice.ts';

export interface ReferencePeriods {
  /** The years the yearly tables carry, ascending (four-digit periods). */
  periods: string[];
  notices: Notice[];
}

const yearsOf = (c: Cube) => [...c.periodsWithData].filter((p) => /^\d{4}$/.test(p));

/**
 * The years to compute: every year with data in every Eurostat source (`all`), those of a range, or the one
 * configured year. A configured single year without data is an error; years of a range that some source lacks
 * (and, with `all`, years only some sources have) are left out with a notice naming them and the source.
 */
export function referencePeriods(cubes: readonly Cube[], selection: YearSelection): ReferencePeriods {
  if (selection.kind === 'single') {
    const p = String(selection.year);
    for (const c of cubes) {
      if (!c.periodsWithData.has(p)) {
        throw new ConfigError(
          `year ${p} has no data in ${c.file} (years with data: ${yearsOf(c).sort().join(', ') || 'none'}). ` +
            'Change "year"/"years" in the configuration or leave them out to use every common year.',
        );
      }
    }
    assertKept(cubes, [p]);
    return { periods: [p], notices: [] };
  }
  const inRange = (p: string) =>
    selection.kind === 'all' || (Number(p) >= selection.from && Number(p) <= selection.to);
  const candidates = new Set(cubes.flatMap((c) => yearsOf(c)).filter(inRange));
  const periods = [...candidates].filter((p) => cubes.every((c) => c.periodsWithData.has(p))).sort();
  const range = selection.kind === 'range' ? ` between ${selection.from} and ${selection.to}` : '';
  if (periods.length === 0) {
    throw new ConfigError(
      `the Eurostat sources share no year with data${range} (${cubes.map((c) => c.file).join(', ')}); check "years" and the filters in the configuration`,
    );
  }
  const notices: Notice[] = [];
  for (const c of cubes) {
    const lacking = [...candidates].filter((p) => !c.periodsWithData.has(p)).sort();
    if (lacking.length > 0) {
      notices.push({
        message: `${c.file} has no data for ${lacking.join(', ')}: those years are left out of every yearly table`,
      });
    }
  }
  assertKept(cubes, periods);
  return { periods, notices };
}

/** A cube parsed for other years than those computed (another configuration) would give empty years silently. */
function assertKept(cubes: readonly Cube[], periods: readonly string[]): void {
  for (const c of cubes) {
    const absent = periods.filter((p) => c.keptPeriods !== undefined && !c.keptPeriods.has(p));
    if (absent.length > 0) {
      throw new ConfigError(
        `${c.file} was parsed without the cells of ${absent.join(', ')}: parse and compute with the same "years"`,
      );
    }
  }
}
