import { InputError, type InputLocation } from '../../errors.ts';
import { parseTsvCellIn } from './cell.ts';
import { type Cell, LineStream, type ObservationSink } from './observations.ts';

/**
 * Reads Eurostat's TSV, both layouts:
 * - current (SDMX API, bulk download since 2023): `freq,unit,…,geo\TIME_PERIOD`, periods ascending;
 * - pre-2023 bulk download: `unit,…,geo\time`, periods descending, each label with a trailing space.
 * The first column is the comma-joined series key; then one cell per period.
 * A tab split per line is the format's whole grammar (no quoting), so no CSV library is needed here.
 *
 * What is validated (the project's decision, for speed: at 10× and 100× nearly every line is filtered out):
 * - the header line, always, whole;
 * - a line that can be wanted: every line when the sink names no required key parts, else every line holding
 *   the required parts as they appear in a key (`needle`): its number of fields and its key's parts; then,
 *   when the sink accepts its key, every cell the sink uses. That is every cell, unless the sink names
 *   `wantedPeriods` (the configured year): then only those periods' cells are parsed and validated, and of
 *   the others only whether they hold a value is noted (`cellHasValue`), for `ObservationSink.present`;
 * - a line that cannot be wanted (no needle in it) is not looked at beyond finding its line break: it may be
 *   malformed (wrong number of fields or key parts, bad cells) without an error. It is still counted, so the
 *   line numbers in every message (the reader's and the sink's) stay exact.
 * Lines that can be wanted are found with `Buffer.indexOf` (memmem) over each decompressed chunk in place,
 * and the line breaks before each found with `indexOf(10)` (memchr), so a skipped line costs no allocation
 * and no JavaScript loop over its bytes. Lines from `splitLines` are read a chunk at a time
 * (`LineStream.blocks`), not one await per line. Text (string chunks, or lines iterated one by one: only
 * tests and library callers hand these over; the inputs' streams are Buffers) is encoded to UTF-8 first, so
 * there is one reader, for bytes.
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
      else reader.textBlock(b.text.slice(b.start, b.end));
    }
  } else {
    for await (const line of lines) reader.textBlock(line);
  }
  if (reader.periods === undefined)
    throw new InputError({ file }, 'the file is empty', 'Expected a Eurostat TSV header line');
  reader.finish();
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
  /**
   * Per period, 1 when the sink uses its cells (`add`), 0 when it only wants to know whether its cells hold a
   * value (`present`); undefined when every cell is used.
   */
  private wanted: Uint8Array | undefined;
  /** Per period the sink does not use: 1 once a cell of an accepted series holds a value. */
  private withValue = new Uint8Array(0);
  /** Lines whose key the sink accepted: each has one cell per period. */
  private accepted = 0;
  /** `scanLine`'s findings for the current line: key end, commas in the key, tabs. */
  private readonly scan = new Int32Array(3);
  /** `scanLine`'s tab positions for the current line: cell `p` is `(tabsAt[p], tabsAt[p + 1])`. */
  private tabsAt = new Int32Array(1);
  /**
   * Cells by their text: a cell is a function of its text, and a dataset repeats few of them (`: c`, `0.8 u`,
   * values with one decimal), so one frozen Cell serves every repeat instead of one object each.
   */
  private readonly cells = new Map<string, Cell>();
  /** The same by the cell's bytes packed into a number (up to 8 bytes, see `CELL_BYTE_CODE`). */
  private readonly cellsByBytes = new Map<number, Cell>();
  private readonly where = (): InputLocation => ({ file: this.file, line: this.lineNo, field: this.field });

  constructor(
    private readonly file: string,
    private readonly sink: ObservationSink,
  ) {}

  /** Lines of text, separated by `\n`: read as their UTF-8 bytes. */
  textBlock(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    this.byteBlock(bytes, 0, bytes.length);
  }

  /**
   * The lines of `bytes[start, end)` (separated by byte 10, UTF-8): lines that can be wanted (see
   * `readEurostatTsv`) go to `byteLine`, the others are only counted. Only the header and the lines that are
   * not well formed are decoded whole.
   */
  byteBlock(bytes: Buffer, start: number, end: number): void {
    let from = start;
    while (this.periods === undefined) {
      const stop = byteLineStop(bytes, from, end);
      this.headerLine(bytes.toString('utf8', from, stop > from && bytes[stop - 1] === 13 ? stop - 1 : stop));
      if (stop >= end) return;
      from = stop + 1;
    }
    const needle = this.needle;
    for (;;) {
      let at = from;
      if (needle !== undefined) {
        at = needle.atStart
          ? nextLineStartingWith(bytes, needle, from, end)
          : nextLineWith(bytes, needle.bytes, from, end);
        if (at === -1) {
          this.lineNo += countLineBreaks(bytes, from, end) + 1;
          return;
        }
        this.lineNo += countLineBreaks(bytes, from, at);
      }
      const stop = byteLineStop(bytes, at, end);
      this.byteLine(bytes, at, stop > at && bytes[stop - 1] === 13 ? stop - 1 : stop);
      if (stop >= end) return;
      from = stop + 1;
    }
  }

  /** After the last line: what the sink learns of the periods it does not use (`ObservationSink.present`). */
  finish(): void {
    const wanted = this.wanted;
    const periods = this.periods;
    if (wanted === undefined || periods === undefined || this.accepted === 0) return;
    for (let p = 0; p < periods.length; p++) {
      if (wanted[p] === 0) this.sink.present?.(periods[p] as string, this.accepted, this.withValue[p] === 1);
    }
  }

  /** One line of bytes that can be wanted, `bytes[start, end)` without its line break. */
  private byteLine(bytes: Buffer, start: number, end: number): void {
    const scan = this.scan;
    scanLine(bytes, start, end, scan, this.tabsAt);
    const periods = this.periods as string[];
    if ((scan[2] as number) === periods.length && (scan[1] as number) + 1 === this.dims.length) {
      this.wellFormedLine(bytes, start, scan[0] as number);
    } else this.malformedLine(bytes.toString('utf8', start, end));
  }

  /**
   * A line of bytes that can be wanted, already known to have a key of as many parts as there are dimensions
   * and a cell per period: only its key is decoded; a cell is looked up by its bytes packed into a number
   * (`CELL_BYTE_CODE`), and decoded and parsed only the first time those bytes come. A cell of a period the
   * sink does not use is only looked at for whether it holds a value.
   */
  private wellFormedLine(bytes: Buffer, start: number, keyEnd: number): void {
    const lineNo = ++this.lineNo;
    const key = bytes.toString('utf8', start, keyEnd).split(',');
    const sink = this.sink;
    if (!sink.accepts(key)) return;
    this.accepted++;
    const periods = this.periods as string[];
    const wanted = this.wanted;
    const byBytes = this.cellsByBytes;
    const tabsAt = this.tabsAt;
    for (let p = 0; p < periods.length; p++) {
      const period = periods[p] as string;
      const from = (tabsAt[p] as number) + 1;
      const to = tabsAt[p + 1] as number;
      if (wanted !== undefined && wanted[p] === 0) {
        if (this.withValue[p] === 0 && cellHasValue(bytes, from, to)) this.withValue[p] = 1;
        continue;
      }
      let packed = 0;
      let scale = 1;
      for (let i = from; i < to; i++) {
        const code = CELL_BYTE_CODE[bytes[i] as number] as number;
        if (code === 0 || i - from >= 8) scale = 0;
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
      sink.add(key, period, cell, lineNo);
    }
  }

  /** The header line, decoded: the dimensions, the periods, and what the sink wants of them. */
  private headerLine(line: string): void {
    const file = this.file;
    this.lineNo++;
    const header = parseHeader(line, file);
    this.dims = header.dims;
    this.periods = header.periods;
    this.sink.begin(header.dims, file);
    this.needle = needleOf(this.sink.requiredParts?.() ?? [], header.dims.length);
    const wanted = this.sink.present === undefined ? undefined : this.sink.wantedPeriods?.();
    if (wanted !== undefined) {
      this.wanted = Uint8Array.from(header.periods, (p) => (wanted.has(p) ? 1 : 0));
      this.withValue = new Uint8Array(header.periods.length);
    }
    this.tabsAt = new Int32Array(header.periods.length + 1);
  }

  /**
   * A line that can be wanted but is not well formed (`byteLine`), decoded: empty, and then only counted, or
   * the error that says what is wrong with it.
   */
  private malformedLine(line: string): void {
    const file = this.file;
    const lineNo = ++this.lineNo;
    if (line.length === 0) return;
    const periods = this.periods as string[];
    const fields = line.split('\t');
    if (fields.length !== periods.length + 1) {
      throw new InputError(
        { file, line: lineNo },
        `expected ${periods.length + 1} tab-separated fields (key and ${periods.length} periods), found ${fields.length}`,
        'The line is malformed or truncated',
      );
    }
    const key = (fields[0] ?? '').split(',');
    throw new InputError(
      { file, line: lineNo, field: this.dims.join(',') },
      `series key "${fields[0]}" has ${key.length} parts, the header names ${this.dims.length} dimensions`,
    );
  }
}

/**
 * What every wanted key contains: the first run of consecutive required parts, with the delimiters around them
 * (`,THS_PER,T,Y15-64,`; at the start of the line when the run starts with the first dimension, ending in the
 * tab when it ends with the last). A key without it fails a required part, so the sink would not want it.
 */
interface Needle {
  /** The needle in UTF-8. */
  bytes: Buffer;
  /** A line break then `bytes`, to find a line starting with it. */
  lineBytes: Buffer;
  atStart: boolean;
}

function needleOf(required: ReadonlyArray<readonly [number, string]>, dims: number): Needle | undefined {
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
  // U+FFFD is what bad bytes decode to: a key holding it matches it as text, but no byte string finds it.
  if (text.includes('\uFFFD')) return undefined;
  return {
    bytes: Buffer.from(text, 'utf8'),
    lineBytes: Buffer.from(`\n${text}`, 'utf8'),
    atStart: first === 0,
  };
}

/**
 * Scans the line `bytes[from, end)` (no line break in it): `out` gets the key's end (the first tab, or `end`),
 * the commas before it and the line's tabs; `tabsAt` the positions of the line's tabs (as many as it has room
 * for, less one), then `end`. Commas are counted without a branch on the data.
 */
function scanLine(bytes: Buffer, from: number, end: number, out: Int32Array, tabsAt: Int32Array): void {
  let i = from;
  let commas = 0;
  for (; i < end; i++) {
    const c = bytes[i] as number;
    if (c === 9) break;
    commas += ((c ^ 44) - 1) >>> 31;
  }
  out[0] = i;
  out[1] = commas;
  const room = tabsAt.length - 1;
  let tabs = 0;
  for (; i < end; i++) {
    if (bytes[i] === 9) {
      if (tabs < room) tabsAt[tabs] = i;
      tabs++;
    }
  }
  if (tabs <= room) tabsAt[tabs] = end;
  out[2] = tabs;
}

/**
 * Whether a cell the sink does not use, `bytes[from, to)`, holds a value, without validating it: for a
 * well-formed cell, the same as its parsed value not being null (neither `:` nor empty before the space, no
 * flag `c`: a number has no `c`).
 */
function cellHasValue(bytes: Buffer, from: number, to: number): boolean {
  if (to === from) return false;
  const first = bytes[from] as number;
  if (first === 58 || first === 32) return false;
  for (let i = from + 1; i < to; i++) if (bytes[i] === 99) return false;
  return true;
}

function startsWith(bytes: Buffer, prefix: Buffer, at: number): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** Where the line starting at `from` ends: its `\n`, or `end` when there is none before. */
function byteLineStop(bytes: Buffer, from: number, end: number): number {
  const nl = bytes.indexOf(10, from);
  return nl === -1 || nl > end ? end : nl;
}

/** How many line breaks `bytes[from, to)` holds, found with memchr (`indexOf`), not a loop over the bytes. */
function countLineBreaks(bytes: Buffer, from: number, to: number): number {
  let n = 0;
  let nl = bytes.indexOf(10, from);
  while (nl !== -1 && nl < to) {
    n++;
    nl = bytes.indexOf(10, nl + 1);
  }
  return n;
}

/** The start of the first line at or after `from` (a line start) that holds `needle` before `end`; -1 if none. */
function nextLineWith(bytes: Buffer, needle: Buffer, from: number, end: number): number {
  const hit = bytes.indexOf(needle, from);
  if (hit === -1 || hit >= end) return -1;
  const nl = hit === from ? -1 : bytes.lastIndexOf(10, hit - 1);
  return nl < from ? from : nl + 1;
}

/** The start of the first line at or after `from` (a line start), before `end`, that starts with the needle. */
function nextLineStartingWith(bytes: Buffer, needle: Needle, from: number, end: number): number {
  if (startsWith(bytes, needle.bytes, from)) return from;
  const hit = bytes.indexOf(needle.lineBytes, from);
  return hit === -1 || hit >= end ? -1 : hit + 1;
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
