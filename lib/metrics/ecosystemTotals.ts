import type { Ecosystem, EcosystemMapping } from '../classifications/ecosystems.ts';
import type { ActivityValues } from './geography.ts';

/**
 * Ecosystem employment = Σ weight × division employment. An ecosystem with any of its divisions missing is
 * missing: adding the others would silently count the gap as zero.
 */
export function toEcosystems(
  byDivision: ActivityValues,
  mapping: EcosystemMapping,
): Map<Ecosystem, number | null> {
  const out = new Map<Ecosystem, number | null>();
  for (const [ecosystem, parts] of mapping.byEcosystem) {
    let total: number | null = parts.length > 0 ? 0 : null;
    for (const [division, weight] of parts) {
      const v = byDivision.get(division);
      if (v === null || v === undefined || total === null) {
        total = null;
        break;
      }
      total += weight * v;
    }
    out.set(ecosystem, total);
  }
  return out;
}
