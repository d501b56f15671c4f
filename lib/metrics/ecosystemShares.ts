import type { Ecosystem, EcosystemMapping } from '../classifications/ecosystems.ts';
import { type EcosystemSum, toEcosystems } from './ecosystemTotals.ts';
import type { ActivityValues } from './geography.ts';
import { type MissingCellRule, sumUnderRule } from './missingCells.ts';

export interface EcosystemShareRow {
  geo: string;
  ecosystem: Ecosystem;
  /** Under the missing-cell rule: null when its divisions are all missing (strict: any). */
  employment: number | null;
  /** Share of employment in the 14 ecosystems, over their total built by the same rule. */
  share: number | null;
  benchmarkShare: number | null;
  specialised: boolean | null;
  /** 1 = largest ecosystem of the geography by employment; null when employment or the total is missing. */
  rank: number | null;
  /** How many of the ecosystem's divisions had no value (0 = complete). */
  missingDivisions: number;
}

interface GeoShares {
  sums: Map<Ecosystem, EcosystemSum>;
  total: number | null;
}

/**
 * Factsheet Figure 1: each geography's employment per ecosystem, its share of employment in the 14, the
 * benchmark's share, `specialised` = share > benchmark share, and the rank by employment. The total of the 14
 * is a sum under the same missing-cell rule as each ecosystem: a share is never over a total that leaves a
 * missing ecosystem out (strict: a geography with any missing division has no shares and no ranks).
 */
export function ecosystemShares(
  byGeo: ReadonlyMap<string, ActivityValues>,
  benchmark: string,
  mapping: EcosystemMapping,
  rule: MissingCellRule = 'lenient',
): EcosystemShareRow[] {
  const shares = new Map<string, GeoShares>();
  for (const [geo, divisions] of byGeo) {
    const sums = toEcosystems(divisions, mapping, rule);
    // An ecosystem missing because its divisions all are adds nothing (lenient); strict makes the total missing.
    // An ecosystem the mapping gives no division is no part of the total (nothing of it can be missing).
    const total = sumUnderRule(
      [...sums]
        .filter(([e]) => (mapping.byEcosystem.get(e)?.length ?? 0) > 0)
        .map(([, s]) => ({ value: s.value })),
      rule,
    ).value;
    shares.set(geo, { sums, total });
  }
  const shareOf = (g: GeoShares, e: Ecosystem): number | null => {
    const v = g.sums.get(e)?.value ?? null;
    return v === null || g.total === null || g.total <= 0 ? null : v / g.total;
  };
  const bench = shares.get(benchmark);
  const rows: EcosystemShareRow[] = [];
  for (const [geo, g] of shares) {
    const ranked =
      g.total === null
        ? []
        : [...g.sums]
            .filter(([, s]) => s.value !== null)
            .sort(([a, x], [b, y]) => (y.value as number) - (x.value as number) || (a < b ? -1 : 1));
    const rankOf = new Map(ranked.map(([e], i) => [e, i + 1]));
    for (const [ecosystem, s] of g.sums) {
      const share = shareOf(g, ecosystem);
      const benchmarkShare = bench ? shareOf(bench, ecosystem) : null;
      rows.push({
        geo,
        ecosystem,
        employment: s.value,
        share,
        benchmarkShare,
        specialised: share === null || benchmarkShare === null ? null : share > benchmarkShare,
        rank: rankOf.get(ecosystem) ?? null,
        missingDivisions: s.missingDivisions,
      });
    }
  }
  return rows;
}
