import { InputError } from '../errors.ts';
import type { Cube } from '../eurostat/parse/cube.ts';
import type { Notice } from '../model/notice.ts';
import { type ActivityValues, aggregateToRegions, benchmarkValues, emptyTally } from './geography.ts';
import { type MissingCellRule, sumUnderRule, valuesAsParts } from './missingCells.ts';

export interface RegionTotals {
  /** E(r) per region; null where it is not known (no LQ for that region). */
  regionTotals: Map<string, number | null>;
  /** E(B). */
  benchmarkTotal: number | null;
  notices: Notice[];
}

export interface RegionTotalsInput {
  /** The regional-total source, when configured. */
  regionalTotal?: Cube;
  period: string;
  /** The regions' activity values (from the regional source, aggregated to each country's level). */
  regions: ReadonlyMap<string, ActivityValues>;
  benchmarkValues: ActivityValues;
  benchmark: string;
  levelFor: (country: string) => number;
  /** The missing-cell rule of every sum (default lenient). */
  rule?: MissingCellRule;
}

/**
 * E(r) and E(B): from the regional-total source when there is one, else the sum of each region's (and the
 * benchmark's) activities, under the missing-cell rule (suppressed activities count as zero and are said;
 * strict: the total is missing).
 */
export function regionTotals(i: RegionTotalsInput): RegionTotals {
  const notices: Notice[] = [];
  const rule = i.rule ?? 'lenient';
  const totals = new Map<string, number | null>();
  if (i.regionalTotal) {
    const t = i.regionalTotal;
    const byRegion = aggregateToRegions(t.cells, i.period, [''], i.levelFor, rule);
    const lacking: string[] = [];
    for (const r of i.regions.keys()) {
      const v = byRegion.get(r)?.get('') ?? null;
      if (v === null) lacking.push(r);
      totals.set(r, v);
    }
    if (lacking.length > 0) {
      notices.push({
        table: 'location_quotients',
        message: `no total employment in ${t.file} for ${lacking.length} regions (no LQ for them): ${lacking.slice(0, 10).join(', ')}`,
      });
    }
    const tally = emptyTally();
    const bench =
      benchmarkValues(t.cells, i.benchmark, i.period, [''], byRegion, rule, tally).values.get('') ?? null;
    if (bench === null && tally.absent.size > 0 && tally.present.size > 0) {
      notices.push({
        table: 'location_quotients',
        message: `no total employment for the benchmark ${i.benchmark} in ${t.file}: members with no data that year: ${[...tally.absent].sort().join(', ')} (no LQ)`,
      });
    } else if (bench === null) {
      throw new InputError(
        { file: t.file, field: 'geo' },
        `no total employment for the benchmark ${i.benchmark} in ${i.period}, neither its own row nor its members'`,
        'Check "benchmark" in the configuration and the filters; nothing was published',
      );
    }
    return { regionTotals: totals, benchmarkTotal: bench, notices };
  }
  let partial = 0;
  const sum = (values: ActivityValues) => {
    const total = sumUnderRule(valuesAsParts(values.values()), rule);
    if (total.missing > 0) partial++;
    return total.value;
  };
  for (const [r, v] of i.regions) totals.set(r, sum(v));
  const benchmarkTotal = sum(i.benchmarkValues);
  notices.push({
    table: 'location_quotients',
    message: `no regionalTotal source configured: E(r) is the sum of each region's activities${partial > 0 ? ` (${partial} geographies have missing cells, ${rule === 'strict' ? 'so no total (missingCells: strict)' : 'counted as zero in that sum'})` : ''}`,
  });
  return { regionTotals: totals, benchmarkTotal, notices };
}
