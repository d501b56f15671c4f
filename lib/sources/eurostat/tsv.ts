import { InputError, type InputLocation } from '../../errors.ts';
import { parseTsvCellIn } from './cell.ts';
import { type Cell, LineStream, lineEnd, type ObservationSink } from './observations.ts';

/**
 * Reads Eurostat's TSV, both layouts:
 * - current (SDMX API, bulk download since 2023): `freq,unit,…,geo\TIME_PERIOD`, periods ascending;
 * - pre-2023 bulk download: `unit,…,geo\time`, periods descending, each label with a trailing space.
 * The first column is the comma-joined series key; then one cell per period.
 * A tab split per line is the format's whole grammar (no quoting), so no CSV library is needed here.
 *
 * Every line is checked (its number of fields and key parts), but a series the sink does not want costs no
 * allocation: the line is scanned in place, and its key is split and its cells parsed only when the key
 * passes the sink's required parts (see `ObservationSink.requiredParts`). Lines from `splitLines` are read a
 * chunk at a time (`LineStream.blocks`), not one await per line.
 */
export async function readEurostatTsv(
  lines: AsyncIterable<string>,
  file: string,
  sink: ObservationSink,
): Promise<void> {
  const reader = new TsvReader(file, sink);
  if (lines instanceof LineStream) {
    for await (const b of lines.blocks()) {
      if ('bytes' in b) reader.byteBlock(b.bytes, b.start, b.end);
      else reader.block(b.text, b.start, b.end);
    }
  } else {
    for await (const line of lines) reader.line(line, 0, line.length);
  }
  if (reader.periods === undefined)
    throw new InputError({ file }, 'the file is empty', 'Expected a Eurostat TSV header line');
}

/** Distinct cell texts remembered per file; past this, cells are parsed each time. */
const CELL_CACHE_LIMIT = 1 << 16;

/**
 * A 6-bit code per byte for the characters cells are made of (digits, `.`, `:`, space, `-`, `e`, `+` and the
 * lower-case flag letters; 0 for any other byte). Up to 8 codes and the length pack into one exact number
 * (below 2^52), a different number for every different byte string.
 */
const CELL_BYTE_CODE = (() => {
  const codes = new Uint8Array(256);
  const alphabet = '0123456789.: -+abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < alphabet.length; i++) codes[alphabet.charCodeAt(i)] = i + 1;
  return codes;
})();

class TsvReader {
  periods: string[] | undefined;
  private dims: string[] = [];
  private lineNo = 0;
  private field = '';
  private needle: Needle | undefined;
  /** `scanLine`'s findings for the current line: key end, commas in the key, tabs. */
  private readonly scan = new Int32Array(3);
  /**
   * Cells by their text: a cell is a function of its text, and a dataset repeats few of them (`: c`, `0.8 u`,
   * values with one decimal), so one frozen Cell serves every repeat instead of one object each.
   */
  private readonly cells = new Map<string, Cell>();
  /** The same by the cell's bytes packed into a number (up to 8 bytes of the usual alphabet, see below). */
  private readonly cellsByBytes = new Map<number, Cell>();
  private readonly where = (): InputLocation => ({ file: this.file, line: this.lineNo, field: this.field });

  constructor(
    private readonly file: string,
    private readonly sink: ObservationSink,
  ) {}

  /**
   * The lines of `text[start, end)` (separated by `\n`). A line that is well formed (a key of as many parts as
   * there are dimensions, as many cells as periods) and cannot be wanted (its key lacks `needle`, the required
   * parts as they appear in a key) is only counted: its tabs and commas are counted in place, nothing is
   * allocated. Every other line takes `line`, which checks, reports and parses exactly as ever.
   */
  block(text: string, start: number, end: number): void {
    let from = start;
    let hit = -1;
    for (;;) {
      const nl = text.indexOf('\n', from);
      const stop = nl === -1 || nl > end ? end : nl;
      const lineStop = lineEnd(text, from, stop);
      const needle = this.needle;
      if (needle !== undefined && lineStop > from) {
        const keyEnd = text.indexOf('\t', from);
        if (keyEnd !== -1 && keyEnd < lineStop) {
          let wanted: boolean;
          if (needle.atStart) wanted = text.startsWith(needle.text, from);
          else {
            if (hit < from) {
              hit = text.indexOf(needle.text, from);
              if (hit === -1) hit = text.length;
            }
            wanted = hit < lineStop;
          }
          if (
            !wanted &&
            count(text, keyEnd + 1, lineStop, 9) + 1 === needle.periods &&
            count(text, from, keyEnd, 44) + 1 === needle.dims
          ) {
            this.lineNo++;
            if (stop === end) return;
            from = stop + 1;
            continue;
          }
        }
      }
      this.line(text, from, lineStop);
      if (stop === end) return;
      from = stop + 1;
    }
  }

  /**
   * `block` for lines still in UTF-8 bytes: only the lines that take `line` are decoded. One pass over each
   * line finds its end and its key's end, and counts the key's commas and the line's tabs.
   */
  byteBlock(bytes: Buffer, start: number, end: number): void {
    const needle = this.needle?.bytes;
    let from = start;
    let hit = -1;
    const scan = this.scan;
    for (;;) {
      const stop = scanLine(bytes, from, end, scan);
      const keyEnd = scan[0] as number;
      const commas = scan[1] as number;
      const tabs = scan[2] as number;
      const lineStop = stop > from && bytes[stop - 1] === 13 ? stop - 1 : stop;
      if (
        needle !== undefined &&
        keyEnd < lineStop &&
        tabs === needle.periods &&
        commas + 1 === needle.dims
      ) {
        let wanted: boolean;
        if (needle.atStart) wanted = startsWith(bytes, needle.bytes, from);
        else {
          if (hit < from) {
            hit = bytes.indexOf(needle.bytes, from);
            if (hit === -1) hit = bytes.length;
          }
          wanted = hit < lineStop;
        }
        if (!wanted) {
          this.lineNo++;
          if (stop >= end) return;
          from = stop + 1;
          continue;
        }
      }
      if (this.periods !== undefined && tabs === this.periods.length && commas + 1 === this.dims.length) {
        this.wellFormedLine(bytes, from, keyEnd, lineStop);
      } else {
        const line = bytes.toString('utf8', from, lineStop);
        this.line(line, 0, line.length);
      }
      if (stop >= end) return;
      from = stop + 1;
    }
  }

  /**
   * `line` for a line of bytes already known to have a key of as many parts as there are dimensions and a
   * cell per period: only its key is decoded; a cell is looked up by its bytes (`cellKey`) and decoded and
   * parsed only the first time those bytes come.
   */
  private wellFormedLine(bytes: Buffer, start: number, keyEnd: number, end: number): void {
    const lineNo = ++this.lineNo;
    const key = bytes.toString('utf8', start, keyEnd).split(',');
    if (!this.sink.accepts(key)) return;
    const periods = this.periods as string[];
    const byBytes = this.cellsByBytes;
    let from = keyEnd + 1;
    for (let p = 0; p < periods.length; p++) {
      const period = periods[p] as string;
      let to = from;
      let packed = 0;
      let scale = 1;
      for (; to < end; to++) {
        const c = bytes[to] as number;
        if (c === 9) break;
        const code = CELL_BYTE_CODE[c] as number;
        if (code === 0 || to - from >= 8) scale = 0;
        packed += code * scale;
        scale *= 64;
      }
      const id = scale === 0 ? -1 : packed + (to - from) * 2 ** 48;
      let cell = id === -1 ? undefined : byBytes.get(id);
      if (cell === undefined) {
        const raw = bytes.toString('utf8', from, to);
        cell = this.cells.get(raw);
        if (cell === undefined) {
          this.field = period;
          cell = Object.freeze(parseTsvCellIn(raw, 0, raw.length, this.where));
          if (this.cells.size < CELL_CACHE_LIMIT) this.cells.set(raw, cell);
        }
        if (id !== -1 && byBytes.size < CELL_CACHE_LIMIT) byBytes.set(id, cell);
      }
      this.sink.add(key, period, cell, lineNo);
      from = to + 1;
    }
  }

  /**
   * One line, `text[start, end)`, without its line break: the format's checks and, for a wanted series, its
   * cells. Lines come here when they may be wanted (or are odd); the blocks skip the others.
   */
  line(text: string, start: number, end: number): void {
    const file = this.file;
    const lineNo = ++this.lineNo;
    const line = start === 0 && end === text.length ? text : text.slice(start, end);
    const periods = this.periods;
    if (periods === undefined) {
      const header = parseHeader(line, file);
      this.dims = header.dims;
      this.periods = header.periods;
      this.sink.begin(header.dims, file);
      this.needle = needleOf(this.sink.requiredParts?.() ?? [], header.dims.length, header.periods.length);
      return;
    }
    if (line.length === 0) return;
    const fields = line.split('\t');
    if (fields.length !== periods.length + 1) {
      throw new InputError(
        { file, line: lineNo },
        `expected ${periods.length + 1} tab-separated fields (key and ${periods.length} periods), found ${fields.length}`,
        'The line is malformed or truncated',
      );
    }
    const key = (fields[0] ?? '').split(',');
    if (key.length !== this.dims.length) {
      throw new InputError(
        { file, line: lineNo, field: this.dims.join(',') },
        `series key "${fields[0]}" has ${key.length} parts, the header names ${this.dims.length} dimensions`,
      );
    }
    if (!this.sink.accepts(key)) return;
    const cells = this.cells;
    for (let i = 0; i < periods.length; i++) {
      const period = periods[i] as string;
      const raw = fields[i + 1] as string;
      let cell = cells.get(raw);
      if (cell === undefined) {
        this.field = period;
        cell = parseTsvCellIn(raw, 0, raw.length, this.where);
        if (cells.size < CELL_CACHE_LIMIT) cells.set(raw, Object.freeze(cell));
      }
      this.sink.add(key, period, cell, lineNo);
    }
  }
}

/**
 * What every wanted key contains: the first run of consecutive required parts, with the delimiters around them
 * (`,THS_PER,T,Y15-64,`; at the start of the line when the run starts with the first dimension, ending in the
 * tab when it ends with the last). A key without it fails a required part, so the sink would not want it.
 */
interface Needle {
  text: string;
  atStart: boolean;
  dims: number;
  periods: number;
  /** The same in UTF-8, for undecoded lines; none when a value holds U+FFFD (what bad bytes decode to). */
  bytes?: { bytes: Buffer; atStart: boolean; dims: number; periods: number };
}

function needleOf(
  required: ReadonlyArray<readonly [number, string]>,
  dims: number,
  periods: number,
): Needle | undefined {
  if (required.length === 0) return undefined;
  const byDim = new Map<number, string>();
  for (const [dim, value] of required) {
    if (byDim.has(dim) && byDim.get(dim) !== value) return undefined;
    byDim.set(dim, value);
  }
  const first = Math.min(...byDim.keys());
  let last = first;
  while (byDim.has(last + 1)) last++;
  const values: string[] = [];
  for (let d = first; d <= last; d++) values.push(byDim.get(d) as string);
  const text = `${first === 0 ? '' : ','}${values.join(',')}${last === dims - 1 ? '\t' : ','}`;
  const atStart = first === 0;
  const bytes = text.includes('\uFFFD')
    ? undefined
    : { bytes: Buffer.from(text, 'utf8'), atStart, dims, periods };
  return { text, atStart, dims, periods, ...(bytes ? { bytes } : {}) };
}

/**
 * Scans the line starting at `from` up to its `\n` (or `end`), which it returns; `out` gets the key's end (the
 * first tab, or the stop), the commas before it and the line's tabs. Counted without a branch on the data.
 */
function scanLine(bytes: Buffer, from: number, end: number, out: Int32Array): number {
  let i = from;
  let commas = 0;
  for (; i < end; i++) {
    const c = bytes[i] as number;
    if (c === 9 || c === 10) break;
    commas += ((c ^ 44) - 1) >>> 31;
  }
  out[0] = i;
  out[1] = commas;
  let tabs = 0;
  if (i < end && bytes[i] === 9) {
    tabs = 1;
    for (i++; i < end; i++) {
      const c = bytes[i] as number;
      if (c === 10) break;
      tabs += ((c ^ 9) - 1) >>> 31;
    }
  }
  out[2] = tabs;
  return i;
}

function startsWith(bytes: Buffer, prefix: Buffer, at: number): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** How many characters of `text[start, end)` have this code; no branch on the data. */
function count(text: string, start: number, end: number, code: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n += ((text.charCodeAt(i) ^ code) - 1) >>> 31;
  return n;
}

function parseHeader(line: string, file: string): { dims: string[]; periods: string[] } {
  const fields = line.replace(/^\uFEFF/, '').split('\t');
  const first = fields[0] ?? '';
  const slash = first.indexOf('\\');
  const timeName = slash === -1 ? '' : first.slice(slash + 1).trim();
  if (slash === -1 || (timeName !== 'TIME_PERIOD' && timeName !== 'time')) {
    throw new InputError(
      { file, line: 1 },
      `header "${first}" is not a Eurostat TSV header`,
      'Expected dimensions followed by \\TIME_PERIOD (current layout) or \\time (pre-2023 layout)',
    );
  }
  const dims = first.slice(0, slash).split(',');
  const periods = fields.slice(1).map((p) => p.trim());
  const seen = new Set<string>();
  for (const p of periods) {
    if (!/^\d{4}([-_]?[A-Z]?\d{1,2})?$/.test(p) || seen.has(p)) {
      throw new InputError({ file, line: 1, field: p }, `"${p}" is not a period label or is repeated`);
    }
    seen.add(p);
  }
  if (periods.length === 0) throw new InputError({ file, line: 1 }, 'the header names no periods');
  return { dims, periods };
}
