import { classifyNaceCode, type NaceClassification, NOT_AN_ACTIVITY } from '../../classifications/nace.ts';
import { parseGeo } from '../../classifications/nuts.ts';
import { excerpt, InputError } from '../../errors.ts';
import type { Cell, ObservationSink } from './observations.ts';

/** What one role takes from its dataset. */
export interface Selection {
  /** Dimension holding the geography (Eurostat: `geo`). */
  geoDimension: string;
  /** Dimension holding the activity (Eurostat: `nace_r2`); absent for totals. */
  activityDimension?: string;
  /** dimension → the one value kept, e.g. `{ unit: 'THS_PER', sex: 'T' }`. */
  filters: Readonly<Record<string, string>>;
  /** dimension → codes to drop before anything else (aggregates such as `NRP`, "no response"). */
  ignoreCodes: Readonly<Record<string, readonly string[]>>;
  /**
   * The aggregate geographies kept (the benchmark, `EU27_2020`): any other aggregate (`EA20`, `EU28`) is
   * dropped as it is read, and said in `Cube.dropped`. Absent: every aggregate is kept.
   */
  aggregates?: readonly string[];
  /**
   * The one period whose cells are used (the configured year), when known. A parser that takes
   * `wantedPeriods` then hands over only that period's cells; of the others the cube records only whether they
   * hold a value (`periodsWithData`, `kept`), unvalidated. Absent: every period's cells are kept and checked.
   */
  period?: string;
  /**
   * The same for several periods (a configured range of years): only their cells are handed over and kept.
   * Absent together with `period`: every period.
   */
  periods?: ReadonlySet<string>;
}

/** geo → activity (`''` for totals) → period → cell. */
export type CubeCells = Map<string, Map<string, Map<string, Cell>>>;

export interface Cube {
  file: string;
  cells: CubeCells;
  /** Periods with at least one non-missing value. */
  periodsWithData: Set<string>;
  /** The periods whose cells were kept (`Selection.period(s)`); undefined when every period's were. */
  keptPeriods?: ReadonlySet<string>;
  /** Eurostat's last-update stamp when the format carries it. */
  sourceVersion?: string;
  /** Observations read and kept after filtering. */
  kept: number;
  /**
   * Codes left out as they were read, without configuration: activity codes that are no activity (`NRP`),
   * aggregate geographies other than the benchmark (`EA20`). One entry per dimension that lost any.
   */
  dropped?: Array<{ dimension: string; codes: string[]; why: string }>;
}

/**
 * An ObservationSink that keeps one role's slice of a dataset, validating as it goes: the configured
 * dimensions exist, codes are known, values are unique once filtered (else a dimension was left unfiltered).
 */
export class CubeBuilder implements ObservationSink {
  private file = '';
  private dims: readonly string[] = [];
  private filterAt: Array<[number, string]> = [];
  private ignoreAt: Array<[number, ReadonlySet<string>]> = [];
  private geoAt = -1;
  private activityAt = -1;
  private readonly checkedGeo = new Set<string>();
  private readonly checkedActivity = new Set<string>();
  private readonly free = new Map<number, Set<string>>();
  /** `free` as two arrays, for the per-series loop. */
  private freeAt: number[] = [];
  private freeSeen: Array<Set<string>> = [];
  private readonly cells: CubeCells = new Map();
  private readonly periodsWithData = new Set<string>();
  private version: string | undefined;
  private kept = 0;
  /** The key of the last series; callers do not change a key array they have handed over. */
  private lastKey: readonly string[] | undefined;
  private lastGeo = '';
  private lastActivity = '';
  private lastByTime: Map<string, Cell> | undefined;
  private readonly wanted: ReadonlySet<string> | undefined;
  /** geo → whether it is an aggregate left out (cached: `accepts` runs once per series). */
  private readonly geoDropped = new Map<string, boolean>();
  private readonly droppedActivities = new Set<string>();
  private readonly droppedGeos = new Set<string>();

  constructor(
    private readonly selection: Selection,
    private readonly nace: NaceClassification,
    /** Whether a geo code is known (the bundled NUTS lists, see geoCodeCheck); default: its shape only. */
    private readonly geoKnown: (code: string) => boolean = () => true,
  ) {
    if (selection.periods !== undefined) this.wanted = new Set(selection.periods);
    if (selection.period !== undefined) this.wanted = new Set([selection.period, ...(this.wanted ?? [])]);
  }

  begin(dimensions: readonly string[], file: string): void {
    this.file = file;
    this.dims = dimensions;
    const at = (dim: string, purpose: string): number => {
      const i = dimensions.indexOf(dim);
      if (i === -1) {
        throw new InputError(
          { file, line: 1, field: dim },
          `dimension "${dim}" (${purpose}) is not in the file; its dimensions are ${dimensions.join(', ')}`,
          'Correct the dimension name in the configuration or use the right dataset file',
        );
      }
      return i;
    };
    this.geoAt = at(this.selection.geoDimension, 'geography');
    if (this.selection.activityDimension) this.activityAt = at(this.selection.activityDimension, 'activity');
    this.filterAt = Object.entries(this.selection.filters).map(([d, v]) => [at(d, 'filter'), v]);
    this.ignoreAt = Object.entries(this.selection.ignoreCodes).map(([d, codes]) => [
      at(d, 'ignoreCodes'),
      new Set(codes),
    ]);
    for (let i = 0; i < dimensions.length; i++) {
      if (i !== this.geoAt && i !== this.activityAt && !this.filterAt.some(([f]) => f === i)) {
        this.free.set(i, new Set());
      }
    }
    this.freeAt = [...this.free.keys()];
    this.freeSeen = [...this.free.values()];
  }

  requiredParts(): ReadonlyArray<readonly [number, string]> {
    return this.filterAt;
  }

  wantedPeriods(): ReadonlySet<string> | undefined {
    return this.wanted;
  }

  present(time: string, observations: number, withValue: boolean): void {
    if (withValue) this.periodsWithData.add(time);
    this.kept += observations;
  }

  accepts(key: readonly string[]): boolean {
    for (const [i, v] of this.filterAt) if (key[i] !== v) return false;
    for (const [i, codes] of this.ignoreAt) if (codes.has(key[i] as string)) return false;
    if (this.activityAt !== -1) {
      const activity = key[this.activityAt] as string;
      if (NOT_AN_ACTIVITY.has(activity)) {
        this.droppedActivities.add(activity);
        return false;
      }
    }
    const geo = key[this.geoAt] as string;
    let drop = this.geoDropped.get(geo);
    if (drop === undefined) {
      const kept = this.selection.aggregates;
      drop = kept !== undefined && parseGeo(geo)?.kind === 'aggregate' && !kept.includes(geo);
      this.geoDropped.set(geo, drop);
    }
    if (drop) this.droppedGeos.add(geo);
    return !drop;
  }

  add(key: readonly string[], time: string, cell: Cell, line: number | undefined): void {
    // A TSV line adds one observation per period with the same key (the same array): the key's checks and
    // series lookup are done once and kept until a key with other values comes.
    let byTime = this.lastByTime;
    if (byTime === undefined || (key !== this.lastKey && !sameKey(key, this.lastKey))) {
      byTime = this.series(key, line);
    }
    const geo = this.lastGeo;
    const activity = this.lastActivity;
    const size = byTime.size;
    byTime.set(time, cell);
    if (byTime.size === size) this.duplicate(geo, activity, time, line);
    if (cell.value !== null) this.periodsWithData.add(time);
    this.kept++;
  }

  /** Checks a key's geo and activity, records its free dimensions' values, and finds or makes its series. */
  private series(key: readonly string[], line: number | undefined): Map<string, Cell> {
    this.lastByTime = undefined;
    this.lastKey = undefined;
    const geo = key[this.geoAt] as string;
    const activity = this.activityAt === -1 ? '' : (key[this.activityAt] as string);
    if (!this.checkedGeo.has(geo)) this.checkGeo(geo, line);
    if (this.activityAt !== -1 && !this.checkedActivity.has(activity)) this.checkActivity(activity, line);
    const freeAt = this.freeAt;
    for (let f = 0; f < freeAt.length; f++) this.freeSeen[f]?.add(key[freeAt[f] as number] as string);

    let byActivity = this.cells.get(geo);
    if (!byActivity) {
      byActivity = new Map();
      this.cells.set(geo, byActivity);
    }
    let byTime = byActivity.get(activity);
    if (!byTime) {
      byTime = new Map();
      byActivity.set(activity, byTime);
    }
    this.lastKey = key;
    this.lastGeo = geo;
    this.lastActivity = activity;
    this.lastByTime = byTime;
    return byTime;
  }

  sourceVersion(version: string): void {
    this.version = version;
  }

  build(): Cube {
    return {
      file: this.file,
      cells: this.cells,
      periodsWithData: this.periodsWithData,
      ...(this.wanted !== undefined ? { keptPeriods: this.wanted } : {}),
      ...(this.version !== undefined ? { sourceVersion: this.version } : {}),
      kept: this.kept,
      dropped: this.droppedCodes(),
    };
  }

  private droppedCodes(): Cube['dropped'] {
    const out: Cube['dropped'] = [];
    const activity = [...this.droppedActivities].sort();
    if (activity.length > 0 && this.selection.activityDimension)
      out.push({
        dimension: this.selection.activityDimension,
        codes: activity,
        why: `not an activity (${activity.map((c) => `${c}: ${NOT_AN_ACTIVITY.get(c)}`).join(', ')})`,
      });
    const geos = [...this.droppedGeos].sort();
    if (geos.length > 0)
      out.push({
        dimension: this.selection.geoDimension,
        codes: geos,
        why: `aggregates other than the benchmark (${(this.selection.aggregates ?? []).join(', ')})`,
      });
    return out;
  }

  private checkGeo(geo: string, line: number | undefined): void {
    const parsed = parseGeo(geo);
    if (!parsed || !this.geoKnown(geo)) {
      throw new InputError(
        { file: this.file, line, field: this.selection.geoDimension },
        `unknown geo code "${excerpt(geo)}"`,
        'Expected a NUTS code of a country and NUTS 1 region the bundled code lists know (BE, BE2, BE21) ' +
          'or an aggregate such as EU27_2020',
      );
    }
    this.checkedGeo.add(geo);
  }

  private checkActivity(code: string, line: number | undefined): void {
    if (classifyNaceCode(code, this.nace) === 'unknown') {
      throw new InputError(
        { file: this.file, line, field: this.selection.activityDimension },
        `unknown NACE Rev. 2 code "${code}"`,
        `If it is an aggregate to skip, list it under ignoreCodes.${this.selection.activityDimension} in the configuration`,
      );
    }
    this.checkedActivity.add(code);
  }

  private duplicate(geo: string, activity: string, time: string, line: number | undefined): never {
    const varying = [...this.free]
      .filter(([, seen]) => seen.size > 1)
      .map(([i, seen]) => `${this.dims[i]} (${[...seen].slice(0, 5).join(', ')})`);
    throw new InputError(
      { file: this.file, line },
      `more than one value for ${geo}${activity ? ` ${activity}` : ''} ${time} after filtering`,
      varying.length > 0
        ? `Add a filter for ${varying.join(' and ')} to the configuration`
        : 'The file repeats a series key',
    );
  }
}

/** The notices a cube's dropped codes give, for the table it feeds: `NRP` dropped is said, never silent. */
export function droppedNotices(cube: Cube, table: string): Array<{ table: string; message: string }> {
  return (cube.dropped ?? []).map((d) => ({
    table,
    message: `${cube.file}: ${d.dimension} codes left out as ${d.why}: ${d.codes.join(', ')}`,
  }));
}

function sameKey(a: readonly string[], b: readonly string[] | undefined): boolean {
  if (b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
