import type { ActivityValues } from './geography.ts';

/** A cell is a specialisation node above this LQ … */
export const NODE_LQ_THRESHOLD = 1.5;
/** … and regionally relevant when the activity also has at least this share of the region's employment. */
export const RELEVANCE_SHARE_THRESHOLD = 0.01;

export interface LqInput {
  /** region → activity → employment */
  regions: ReadonlyMap<string, ActivityValues>;
  /** region → E(r) */
  regionTotals: ReadonlyMap<string, number | null>;
  /** activity → E(B,i) */
  benchmark: ActivityValues;
  /** E(B) */
  benchmarkTotal: number | null;
  activities: readonly string[];
}

export interface LqCell {
  region: string;
  activity: string;
  employment: number;
  regionShare: number;
  lq: number;
  /** LQ > 1.5 and region share ≥ 1 %: a regionally relevant specialisation node. */
  node: boolean;
}

export interface RegionNodes {
  region: string;
  nodeCount: number;
  /** Up to five node activities by LQ, highest first (ties by code). */
  top5: string[];
  /** Cells with no LQ: missing or confidential employment, or no region or benchmark total. */
  missingCells: number;
}

export interface LqResult {
  cells: LqCell[];
  regions: RegionNodes[];
}

/**
 * Receives each cell with an LQ, in the order of `locationQuotients`. The tables keep the cells as columns
 * (lib/model/lqTable.ts): no object per cell.
 */
export type LqCellSink = (
  region: string,
  activity: string,
  employment: number,
  regionShare: number,
  lq: number,
  node: boolean,
) => void;

/**
 * LQ(r,i) = (E(r,i) / E(r)) / (E(B,i) / E(B)). Missing inputs give no LQ and are counted per region.
 */
export function locationQuotients(input: LqInput): LqResult {
  const cells: LqCell[] = [];
  const regions = eachLocationQuotient(input, (region, activity, employment, regionShare, lq, node) =>
    cells.push({ region, activity, employment, regionShare, lq, node }),
  );
  return { cells, regions };
}

/** `locationQuotients`, each cell handed to `onCell` as it is computed; the regions' nodes returned. */
export function eachLocationQuotient(input: LqInput, onCell: LqCellSink): RegionNodes[] {
  const regions: RegionNodes[] = [];
  const bTotal = input.benchmarkTotal;
  for (const [region, values] of input.regions) {
    const rTotal = input.regionTotals.get(region) ?? null;
    const nodes: Array<{ activity: string; lq: number }> = [];
    let missing = 0;
    for (const activity of input.activities) {
      const e = values.get(activity) ?? null;
      const bE = input.benchmark.get(activity) ?? null;
      if (
        e === null ||
        bE === null ||
        rTotal === null ||
        bTotal === null ||
        rTotal <= 0 ||
        bE <= 0 ||
        bTotal <= 0
      ) {
        missing++;
        continue;
      }
      const regionShare = e / rTotal;
      const lq = regionShare / (bE / bTotal);
      // A benchmark share so small that the quotient overflows (found by the property tests): no LQ.
      if (!Number.isFinite(lq)) {
        missing++;
        continue;
      }
      const node = lq > NODE_LQ_THRESHOLD && regionShare >= RELEVANCE_SHARE_THRESHOLD;
      onCell(region, activity, e, regionShare, lq, node);
      if (node) nodes.push({ activity, lq });
    }
    nodes.sort((a, b) => b.lq - a.lq || (a.activity < b.activity ? -1 : 1));
    regions.push({
      region,
      nodeCount: nodes.length,
      top5: nodes.slice(0, 5).map((n) => n.activity),
      missingCells: missing,
    });
  }
  return regions;
}
