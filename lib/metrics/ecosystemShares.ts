import type { Ecosystem, EcosystemMapping } from '../classifications/ecosystems.ts';
import { toEcosystems } from './ecosystemTotals.ts';
import type { ActivityValues } from './geography.ts';

export interface EcosystemShareRow {
  geo: string;
  ecosystem: Ecosystem;
  /** null when a division of the ecosystem is missing. */
  employment: number | null;
  /** Share of employment in the 14 ecosystems (those with a value). */
  share: number | null;
  benchmarkShare: number | null;
  specialised: boolean | null;
  /** 1 = largest ecosystem of the geography by employment; null when employment is missing. */
  rank: number | null;
}

/**
 * Factsheet Figure 1: each geography's employment per ecosystem, its share of employment in the 14, the
 * benchmark's share, `specialised` = share > benchmark share, and the rank by employment.
 */
export function ecosystemShares(
  byGeo: ReadonlyMap<string, ActivityValues>,
  benchmark: string,
  mapping: EcosystemMapping,
): EcosystemShareRow[] {
  const shares = new Map<string, Map<Ecosystem, { employment: number | null; share: number | null }>>();
  for (const [geo, divisions] of byGeo) {
    const eco = toEcosystems(divisions, mapping);
    let total = 0;
    for (const v of eco.values()) if (v !== null) total += v;
    const row = new Map<Ecosystem, { employment: number | null; share: number | null }>();
    for (const [e, v] of eco)
      row.set(e, { employment: v, share: v === null || total <= 0 ? null : v / total });
    shares.set(geo, row);
  }
  const bench = shares.get(benchmark);
  const rows: EcosystemShareRow[] = [];
  for (const [geo, row] of shares) {
    const ranked = [...row]
      .filter(([, v]) => v.employment !== null)
      .sort(([a, x], [b, y]) => (y.employment as number) - (x.employment as number) || (a < b ? -1 : 1));
    const rankOf = new Map(ranked.map(([e], i) => [e, i + 1]));
    for (const [ecosystem, v] of row) {
      const benchmarkShare = bench?.get(ecosystem)?.share ?? null;
      rows.push({
        geo,
        ecosystem,
        employment: v.employment,
        share: v.share,
        benchmarkShare,
        specialised: v.share === null || benchmarkShare === null ? null : v.share > benchmarkShare,
        rank: rankOf.get(ecosystem) ?? null,
      });
    }
  }
  return rows;
}
