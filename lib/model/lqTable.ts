import type { LqCell } from '../metrics/locationQuotients.ts';

/** The two levels at which location quotients and nodes are computed. */
export type ActivityLevelName = 'nace' | 'ecosystem';

/** One row of the location_quotients table, as the pages, DynamoDB and the tests see it. */
export interface LqRow extends LqCell {
  year: number;
  level: ActivityLevelName;
  /** Ecosystem rows: how many of the ecosystem's divisions had no value in the region; null on NACE rows. */
  missingDivisions: number | null;
}

const LEVELS: readonly ActivityLevelName[] = ['nace', 'ecosystem'];
/** `missingDivisions` of a NACE row (null): counts are never negative. */
const NO_COUNT = -1;
const FIRST_CAPACITY = 1024;

/**
 * The location quotients of every region, activity, level and year, kept as typed columns: numbers in
 * Float64Arrays, flags and levels in bytes, region and activity codes as indices into one list of the
 * table's codes. It is the largest table by far (10⁵ rows a year): as row objects, each with three boxed
 * doubles, it was most of the garbage collector's work (docs/performance.md); typed columns are not even
 * scanned. Readers in the hot path read cells by index (`regionAt`, `lqAt`, …); the others get rows made
 * on demand (`at`, `rows`, iteration), and the table's files are written from `column`.
 */
export class LqTable implements Iterable<LqRow> {
  private n = 0;
  private region = new Uint32Array(FIRST_CAPACITY);
  private activity = new Uint32Array(FIRST_CAPACITY);
  private employment = new Float64Array(FIRST_CAPACITY);
  private regionShare = new Float64Array(FIRST_CAPACITY);
  private lq = new Float64Array(FIRST_CAPACITY);
  private node = new Uint8Array(FIRST_CAPACITY);
  private year = new Int32Array(FIRST_CAPACITY);
  private level = new Uint8Array(FIRST_CAPACITY);
  private missingDivisions = new Int32Array(FIRST_CAPACITY);
  /** Region and activity codes, each once; the code columns hold their indices. */
  private readonly codes: string[] = [];
  private readonly codeIndex = new Map<string, number>();

  /** A table of these rows, in their order. */
  static of(rows: Iterable<LqRow>): LqTable {
    const table = new LqTable();
    for (const r of rows) table.push(r);
    return table;
  }

  get length(): number {
    return this.n;
  }

  push(r: LqRow): void {
    this.pushCell(
      r.region,
      r.activity,
      r.employment,
      r.regionShare,
      r.lq,
      r.node,
      r.year,
      r.level,
      r.missingDivisions,
    );
  }

  /** `push` without a row object: what the computation calls for each of its 10⁵ cells. */
  pushCell(
    region: string,
    activity: string,
    employment: number,
    regionShare: number,
    lq: number,
    node: boolean,
    year: number,
    level: ActivityLevelName,
    missingDivisions: number | null,
  ): void {
    if (this.n === this.region.length) this.reserve(this.n * 2);
    const i = this.n++;
    this.region[i] = this.code(region);
    this.activity[i] = this.code(activity);
    this.employment[i] = employment;
    this.regionShare[i] = regionShare;
    this.lq[i] = lq;
    this.node[i] = node ? 1 : 0;
    this.year[i] = year;
    this.level[i] = level === 'nace' ? 0 : 1;
    this.missingDivisions[i] = missingDivisions ?? NO_COUNT;
  }

  regionAt(i: number): string {
    return this.codes[this.region[i] as number] as string;
  }
  activityAt(i: number): string {
    return this.codes[this.activity[i] as number] as string;
  }
  employmentAt(i: number): number {
    return this.employment[i] as number;
  }
  regionShareAt(i: number): number {
    return this.regionShare[i] as number;
  }
  lqAt(i: number): number {
    return this.lq[i] as number;
  }
  nodeAt(i: number): boolean {
    return this.node[i] === 1;
  }
  yearAt(i: number): number {
    return this.year[i] as number;
  }
  levelAt(i: number): ActivityLevelName {
    return LEVELS[this.level[i] as number] as ActivityLevelName;
  }
  missingDivisionsAt(i: number): number | null {
    const count = this.missingDivisions[i] as number;
    return count === NO_COUNT ? null : count;
  }

  /** The row at `i`: a new object each time. */
  at(i: number): LqRow {
    return {
      region: this.regionAt(i),
      activity: this.activityAt(i),
      employment: this.employmentAt(i),
      regionShare: this.regionShareAt(i),
      lq: this.lqAt(i),
      node: this.nodeAt(i),
      year: this.yearAt(i),
      level: this.levelAt(i),
      missingDivisions: this.missingDivisionsAt(i),
    };
  }

  *[Symbol.iterator](): Iterator<LqRow> {
    for (let i = 0; i < this.n; i++) yield this.at(i);
  }

  /** Every row as an object. */
  rows(): LqRow[] {
    return Array.from(this);
  }

  /** The rows whose index passes, as a table (`keep` reads the cells by index). */
  where(keep: (i: number) => boolean): LqTable {
    const table = new LqTable();
    for (let i = 0; i < this.n; i++) if (keep(i)) table.push(this.at(i));
    return table;
  }

  /** Rows `start` to `end` (excluded) of one field, as a fresh array. */
  column<K extends keyof LqRow>(key: K, start = 0, end = this.n): LqRow[K][] {
    const cell = CELL[key] as (t: LqTable, i: number) => LqRow[K];
    const out = new Array<LqRow[K]>(end - start);
    for (let i = start; i < end; i++) out[i - start] = cell(this, i);
    return out;
  }

  /** Applies `f` to every number that is not a count (employment, region share, LQ), in place. */
  mapMeasures(f: (v: number) => number): void {
    for (const column of [this.employment, this.regionShare, this.lq])
      for (let i = 0; i < this.n; i++) column[i] = f(column[i] as number);
  }

  /** JSON as the rows were before they were columns: an array of row objects (the staged tables). */
  toJSON(): LqRow[] {
    return this.rows();
  }

  private code(value: string): number {
    let index = this.codeIndex.get(value);
    if (index === undefined) {
      index = this.codes.length;
      this.codes.push(value);
      this.codeIndex.set(value, index);
    }
    return index;
  }

  /** Room for at least `rows` rows, the rows so far kept. */
  private reserve(rows: number): void {
    if (rows <= this.region.length) return;
    const grown = <A extends Uint32Array | Float64Array | Uint8Array | Int32Array>(a: A): A => {
      const b = new (a.constructor as new (n: number) => A)(rows);
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.region = grown(this.region);
    this.activity = grown(this.activity);
    this.employment = grown(this.employment);
    this.regionShare = grown(this.regionShare);
    this.lq = grown(this.lq);
    this.node = grown(this.node);
    this.year = grown(this.year);
    this.level = grown(this.level);
    this.missingDivisions = grown(this.missingDivisions);
  }
}

/** Each field's cell at an index, for `column`. */
const CELL: { [K in keyof LqRow]: (t: LqTable, i: number) => LqRow[K] } = {
  region: (t, i) => t.regionAt(i),
  activity: (t, i) => t.activityAt(i),
  employment: (t, i) => t.employmentAt(i),
  regionShare: (t, i) => t.regionShareAt(i),
  lq: (t, i) => t.lqAt(i),
  node: (t, i) => t.nodeAt(i),
  year: (t, i) => t.yearAt(i),
  level: (t, i) => t.levelAt(i),
  missingDivisions: (t, i) => t.missingDivisionsAt(i),
};
