import type { Ecosystem, EcosystemMapping } from '../classifications/ecosystems.ts';
import type { ActivityValues } from './geography.ts';
import { type MissingCellRule, sumUnderRule } from './missingCells.ts';

export interface EcosystemSum {
  /** Σ weight × division employment under the missing-cell rule; null when it gives no sum. */
  value: number | null;
  /** How many of the ecosystem's divisions had no value. */
  missingDivisions: number;
}

/**
 * Ecosystem employment = Σ weight × division employment, under the missing-cell rule (lib/metrics/missingCells):
 * a suppressed division counts as zero and is counted (lenient), or makes the ecosystem missing (strict).
 */
export function toEcosystems(
  byDivision: ActivityValues,
  mapping: EcosystemMapping,
  rule: MissingCellRule = 'lenient',
): Map<Ecosystem, EcosystemSum> {
  const out = new Map<Ecosystem, EcosystemSum>();
  for (const [ecosystem, parts] of mapping.byEcosystem) {
    const sum = sumUnderRule(
      parts.map(([division, weight]) => ({ value: byDivision.get(division), weight })),
      rule,
    );
    out.set(ecosystem, { value: sum.value, missingDivisions: sum.missing });
  }
  return out;
}

/** The ecosystem values alone (the input of the ecosystem-level location quotients). */
export function ecosystemValues(sums: ReadonlyMap<Ecosystem, EcosystemSum>): ActivityValues {
  return new Map([...sums].map(([e, s]) => [e, s.value]));
}
