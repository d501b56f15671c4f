import { describe, expect, it } from 'vitest';
import type { ActivityValues } from '../../lib/metrics/geography.ts';
import {
  eachLocationQuotient,
  type LqInput,
  locationQuotients,
} from '../../lib/metrics/locationQuotients.ts';

/** activity → employment, written as an object literal for readability. */
function values(entries: Record<string, number | null>): ActivityValues {
  return new Map(Object.entries(entries));
}

function lqOf(result: ReturnType<typeof locationQuotients>, region: string, activity: string): number {
  const cell = result.cells.find((c) => c.region === region && c.activity === activity);
  if (!cell) throw new Error(`no LQ cell for ${region} ${activity}`);
  return cell.lq;
}

function regionOf(result: ReturnType<typeof locationQuotients>, region: string) {
  const r = result.regions.find((x) => x.region === region);
  if (!r) throw new Error(`no region row for ${region}`);
  return r;
}

/**
 * Two regions × three activities, with an explicit benchmark.
 *
 * Benchmark B: A = 200, B = 300, C = 500; E(B) = 1000 → shares 0.2, 0.3, 0.5.
 * R1: A = 50, B = 30, C = 20; E(R1) = 100  → shares 0.5, 0.3, 0.2.
 * R2: A = 10, B = 100, C = 90; E(R2) = 200 → shares 0.05, 0.5, 0.45.
 */
function twoByThree(): LqInput {
  return {
    regions: new Map([
      ['R1', values({ A: 50, B: 30, C: 20 })],
      ['R2', values({ A: 10, B: 100, C: 90 })],
    ]),
    regionTotals: new Map([
      ['R1', 100],
      ['R2', 200],
    ]),
    benchmark: values({ A: 200, B: 300, C: 500 }),
    benchmarkTotal: 1000,
    activities: ['A', 'B', 'C'],
  };
}

describe('locationQuotients', () => {
  describe('LQ values', () => {
    it('computes LQ = (E(r,i) / E(r)) / (E(B,i) / E(B)) for every region and activity', () => {
      const result = locationQuotients(twoByThree());
      // R1: A (50/100)/(200/1000) = 0.5/0.2 = 2.5; B 0.3/0.3 = 1; C 0.2/0.5 = 0.4
      expect(lqOf(result, 'R1', 'A')).toBeCloseTo(2.5, 12);
      expect(lqOf(result, 'R1', 'B')).toBeCloseTo(1, 12);
      expect(lqOf(result, 'R1', 'C')).toBeCloseTo(0.4, 12);
      // R2: A (10/200)/0.2 = 0.05/0.2 = 0.25; B (100/200)/0.3 = 0.5/0.3 = 5/3; C (90/200)/0.5 = 0.45/0.5 = 0.9
      expect(lqOf(result, 'R2', 'A')).toBeCloseTo(0.25, 12);
      expect(lqOf(result, 'R2', 'B')).toBeCloseTo(5 / 3, 12);
      expect(lqOf(result, 'R2', 'C')).toBeCloseTo(0.9, 12);
    });

    it('gives one cell per region and activity when nothing is missing', () => {
      const result = locationQuotients(twoByThree());
      // 2 regions × 3 activities = 6 cells
      expect(result.cells).toHaveLength(6);
    });

    it('reports the employment and the region share of each cell', () => {
      const result = locationQuotients(twoByThree());
      const cell = result.cells.find((c) => c.region === 'R2' && c.activity === 'C');
      expect(cell?.employment).toBe(90);
      // 90 / 200 = 0.45
      expect(cell?.regionShare).toBeCloseTo(0.45, 12);
    });

    it('divides by the given region total, not by the sum of the listed activities', () => {
      const input = twoByThree();
      // R1's activities sum to 100, but its total employment (other activities included) is 400.
      input.regionTotals = new Map([
        ['R1', 400],
        ['R2', 200],
      ]);
      // R1 A: (50/400)/(200/1000) = 0.125/0.2 = 0.625
      expect(lqOf(locationQuotients(input), 'R1', 'A')).toBeCloseTo(0.625, 12);
    });

    it('marks the cells with LQ above 1.5 and a share of at least 1 % as nodes', () => {
      const result = locationQuotients(twoByThree());
      const nodes = result.cells.filter((c) => c.node).map((c) => `${c.region} ${c.activity}`);
      // R1 A: LQ 2.5 > 1.5, share 0.5 ≥ 0.01; R2 B: LQ 5/3 ≈ 1.667 > 1.5, share 0.5 ≥ 0.01; all others LQ ≤ 1
      expect(nodes).toEqual(['R1 A', 'R2 B']);
    });
  });

  describe('node rule (LQ > 1.5)', () => {
    /** One activity X; benchmark share 25 / 100 = 0.25 (exact in binary floating point). */
    function single(employment: number, regionTotal: number, benchmark = 25, benchmarkTotal = 100): LqInput {
      return {
        regions: new Map([['R', values({ X: employment })]]),
        regionTotals: new Map([['R', regionTotal]]),
        benchmark: values({ X: benchmark }),
        benchmarkTotal,
        activities: ['X'],
      };
    }

    it('does not make a node of an LQ of exactly 1.5', () => {
      // (375/1000)/(25/100) = 0.375/0.25 = 1.5 exactly (both are binary fractions: 3/8 and 1/4)
      const result = locationQuotients(single(375, 1000));
      expect(result.cells[0]?.lq).toBe(1.5);
      expect(result.cells[0]?.node).toBe(false);
      expect(result.regions[0]?.nodeCount).toBe(0);
    });

    it('makes a node of an LQ just above 1.5', () => {
      // (376/1000)/(25/100) = 0.376/0.25 = 1.504 > 1.5; share 0.376 ≥ 0.01
      const result = locationQuotients(single(376, 1000));
      expect(result.cells[0]?.lq).toBeCloseTo(1.504, 12);
      expect(result.cells[0]?.node).toBe(true);
      expect(result.regions[0]?.nodeCount).toBe(1);
    });

    it('counts an activity with a share of exactly 1 % as regionally relevant', () => {
      // share 1/100 = 0.01 (the same double as the literal 0.01); benchmark share 1/1 000 000;
      // LQ = 0.01 / 0.000001 = 10 000 > 1.5
      const result = locationQuotients(single(1, 100, 1, 1_000_000));
      expect(result.cells[0]?.regionShare).toBe(0.01);
      expect(result.cells[0]?.lq).toBeCloseTo(10_000, 6);
      expect(result.cells[0]?.node).toBe(true);
    });

    it('does not count an activity with a share of 0.99 % as a node, however large its LQ', () => {
      // share 99/10 000 = 0.0099 < 0.01; benchmark share 1/1 000 000; LQ = 0.0099 / 0.000001 = 9 900
      const result = locationQuotients(single(99, 10_000, 1, 1_000_000));
      expect(result.cells[0]?.regionShare).toBeCloseTo(0.0099, 12);
      expect(result.cells[0]?.lq).toBeCloseTo(9_900, 6);
      expect(result.cells[0]?.node).toBe(false);
      expect(result.regions[0]?.nodeCount).toBe(0);
      expect(result.regions[0]?.top5).toEqual([]);
    });
  });

  describe('missing inputs', () => {
    it('gives no LQ to a missing cell and counts it in missingCells', () => {
      const input = twoByThree();
      input.regions = new Map([['R1', values({ A: null, B: 30, C: 20 })]]);
      const result = locationQuotients(input);
      expect(result.cells.map((c) => c.activity)).toEqual(['B', 'C']);
      expect(regionOf(result, 'R1').missingCells).toBe(1);
    });

    it('never treats a missing cell as zero employment', () => {
      const input = twoByThree();
      input.regions = new Map([['R1', values({ A: null, B: 30, C: 20 })]]);
      const result = locationQuotients(input);
      // A zero would have produced a cell with LQ 0; the other cells keep E(R1) = 100:
      // B (30/100)/(300/1000) = 1, C (20/100)/(500/1000) = 0.4
      expect(result.cells.some((c) => c.activity === 'A')).toBe(false);
      expect(lqOf(result, 'R1', 'B')).toBeCloseTo(1, 12);
      expect(lqOf(result, 'R1', 'C')).toBeCloseTo(0.4, 12);
    });

    it('treats an activity absent from the region as missing', () => {
      const input = twoByThree();
      input.regions = new Map([['R1', values({ B: 30, C: 20 })]]);
      expect(regionOf(locationQuotients(input), 'R1').missingCells).toBe(1);
    });

    it('still gives an LQ of 0 to a real zero', () => {
      const input = twoByThree();
      input.regions = new Map([['R1', values({ A: 0, B: 30, C: 20 })]]);
      const result = locationQuotients(input);
      // (0/100)/(200/1000) = 0
      expect(lqOf(result, 'R1', 'A')).toBe(0);
      expect(regionOf(result, 'R1').missingCells).toBe(0);
    });

    it('makes every cell of a region missing when the region total is missing', () => {
      const input = twoByThree();
      input.regionTotals = new Map([['R2', 200]]); // no total for R1
      const result = locationQuotients(input);
      expect(result.cells.filter((c) => c.region === 'R1')).toEqual([]);
      // 3 activities, all without an LQ
      expect(regionOf(result, 'R1')).toEqual({ region: 'R1', nodeCount: 0, top5: [], missingCells: 3 });
      expect(regionOf(result, 'R2').missingCells).toBe(0);
    });

    it('makes every cell of a region missing when the region total is null', () => {
      const input = twoByThree();
      input.regionTotals = new Map([
        ['R1', null],
        ['R2', 200],
      ]);
      expect(regionOf(locationQuotients(input), 'R1').missingCells).toBe(3);
    });

    it('makes a cell missing when the benchmark value of its activity is null', () => {
      const input = twoByThree();
      input.benchmark = values({ A: null, B: 300, C: 500 });
      const result = locationQuotients(input);
      // A is missing in both regions; B and C keep their LQs
      expect(result.cells.some((c) => c.activity === 'A')).toBe(false);
      expect(regionOf(result, 'R1').missingCells).toBe(1);
      expect(regionOf(result, 'R2').missingCells).toBe(1);
    });

    it('makes a cell missing when the benchmark value of its activity is zero', () => {
      const input = twoByThree();
      input.benchmark = values({ A: 0, B: 300, C: 500 });
      const result = locationQuotients(input);
      // dividing by a benchmark share of 0/1000 would give an infinite LQ
      expect(result.cells.some((c) => c.activity === 'A')).toBe(false);
      expect(regionOf(result, 'R1').missingCells).toBe(1);
    });

    it('makes every cell missing when the benchmark total is missing', () => {
      const input = twoByThree();
      input.benchmarkTotal = null;
      const result = locationQuotients(input);
      expect(result.cells).toEqual([]);
      expect(result.regions.map((r) => r.missingCells)).toEqual([3, 3]);
    });
  });

  describe('nodes per region', () => {
    /**
     * Seven activities, each 1 of E(B) = 100 in the benchmark (share 0.01), and E(R) = 100, so
     * LQ = (v/100)/(1/100) = v: A 2, B 8, C 5, D 8, E 3, F 6, G 4 — all above 1.5, all shares ≥ 2 %.
     */
    function sevenNodes(): LqInput {
      const activities = ['G', 'F', 'E', 'D', 'C', 'B', 'A']; // deliberately not in code order
      return {
        regions: new Map([['R', values({ A: 2, B: 8, C: 5, D: 8, E: 3, F: 6, G: 4 })]]),
        regionTotals: new Map([['R', 100]]),
        benchmark: values(Object.fromEntries(activities.map((a) => [a, 1]))),
        benchmarkTotal: 100,
        activities,
      };
    }

    it('lists the top five nodes by LQ, highest first, ties broken by activity code', () => {
      // LQs: B 8, D 8 (tie → B before D), F 6, C 5, G 4, then E 3 and A 2 are left out
      expect(regionOf(locationQuotients(sevenNodes()), 'R').top5).toEqual(['B', 'D', 'F', 'C', 'G']);
    });

    it('counts every node, not only the five listed', () => {
      // 7 activities, all with LQ > 1.5 and share ≥ 1 %
      expect(regionOf(locationQuotients(sevenNodes()), 'R').nodeCount).toBe(7);
    });

    it('lists fewer than five when the region has fewer nodes', () => {
      const result = locationQuotients(twoByThree());
      // R1: only A (LQ 2.5); R2: only B (LQ 5/3)
      expect(regionOf(result, 'R1').top5).toEqual(['A']);
      expect(regionOf(result, 'R2').top5).toEqual(['B']);
    });

    it('leaves a cell below 1 % out of the top five, however large its LQ', () => {
      const input = sevenNodes();
      // B = 0.5 of E(R) = 100 → share 0.005 < 1 %; benchmark B = 0.001 of 100 → share 0.00001;
      // LQ(B) = 0.005 / 0.00001 = 500, the highest of all, but B is not a node
      input.regions = new Map([['R', values({ A: 2, B: 0.5, C: 5, D: 8, E: 3, F: 6, G: 4 })]]);
      input.benchmark = values({ A: 1, B: 0.001, C: 1, D: 1, E: 1, F: 1, G: 1 });
      const r = regionOf(locationQuotients(input), 'R');
      // remaining nodes by LQ: D 8, F 6, C 5, G 4, E 3, A 2 → six nodes, top five D F C G E
      expect(r.nodeCount).toBe(6);
      expect(r.top5).toEqual(['D', 'F', 'C', 'G', 'E']);
    });

    it('gives one summary row per region, in input order', () => {
      expect(locationQuotients(twoByThree()).regions.map((r) => r.region)).toEqual(['R1', 'R2']);
    });
  });

  describe('cells handed to a sink', () => {
    it('hands each cell with an LQ to the sink, in the order locationQuotients lists them, and returns the regions', () => {
      const seen: unknown[] = [];
      const regions = eachLocationQuotient(
        twoByThree(),
        (region, activity, employment, regionShare, lq, node) =>
          seen.push({ region, activity, employment, regionShare, lq, node }),
      );
      const whole = locationQuotients(twoByThree());
      expect(seen).toEqual(whole.cells);
      expect(seen).toContainEqual({
        region: 'R1',
        activity: 'A',
        employment: 50,
        regionShare: 0.5,
        lq: 2.5,
        node: true,
      });
      expect(regions).toEqual(whole.regions);
      expect(regions.find((r) => r.region === 'R2')?.top5).toEqual(['B']);
    });
  });
});
