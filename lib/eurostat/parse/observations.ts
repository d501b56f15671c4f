import { StringDecoder } from 'node:string_decoder';

/**
 * What the Eurostat parsers hand over: observations keyed by the dataset's dimensions. Parsers know formats;
 * the sink decides what to keep (filters) and how to store it.
 */

/** A value in thousands (or the dataset's unit); null when not available (`:`) or confidential (`c`). */
export interface Cell {
  value: number | null;
  /** Eurostat's flag letters, e.g. `b`, `bu`, `c`; empty when none. */
  flags: string;
}

export interface ObservationSink {
  /** The dataset's dimension names in key order (the time dimension excluded). */
  begin(dimensions: readonly string[], file: string): void;
  /** Whether observations with this key are wanted (lets parsers skip whole series cheaply). */
  accepts(key: readonly string[]): boolean;
  /**
   * Optional, valid after `begin`: key positions and the one value each must have for `accepts` to hold (a
   * key failing any is not wanted), so a parser can skip a series before splitting its key.
   */
  requiredParts?(): ReadonlyArray<readonly [number, string]>;
  /**
   * Optional, valid after `begin`: the only periods whose cells the sink uses (e.g. the configured year). A
   * parser may then hand over only those periods' cells to `add`, and report the others through `present`,
   * unvalidated. Undefined (or the method absent): every cell goes to `add`, validated.
   */
  wantedPeriods?(): ReadonlySet<string> | undefined;
  /**
   * Instead of `add` for the cells of a period `wantedPeriods` leaves out: how many there were in accepted
   * series, and whether any holds a value (not `:`, not confidential). Once per such period, after the last
   * `add`. A parser uses `wantedPeriods` only when the sink has this.
   */
  present?(time: string, observations: number, withValue: boolean): void;
  /**
   * `line` is the 1-based line of the observation where the format has lines. The key array is not changed
   * after it is handed over (a parser may pass the same array for every period of a series).
   */
  add(key: readonly string[], time: string, cell: Cell, line: number | undefined): void;
  /** The dataset's own version (Eurostat's last update), when the format carries it. */
  sourceVersion(version: string): void;
}

/** Whole lines in `text[start, end)`, separated by `\n`; a line's trailing `\r` is still there. */
export interface LineBlock {
  text: string;
  start: number;
  end: number;
}

/** The same in UTF-8 bytes, not yet decoded: `bytes[start, end)`, lines separated by byte 10. */
export interface ByteBlock {
  bytes: Buffer;
  start: number;
  end: number;
}

/**
 * Splits a stream of text chunks into lines, without holding more than one chunk plus one partial line.
 * A UTF-8 character cut between two chunks is decoded whole. Iterate it for the lines one by one (a trailing
 * `\r` removed), or read `blocks()` to scan each chunk's lines in place, with one await per chunk.
 */
export function splitLines(chunks: AsyncIterable<string | Buffer>): LineStream {
  return new LineStream(chunks);
}

export class LineStream implements AsyncIterable<string> {
  constructor(private readonly chunks: AsyncIterable<string | Buffer>) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for await (const chunk of this.chunks) {
      const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
      let start = 0;
      let nl = text.indexOf('\n', start);
      while (nl !== -1) {
        yield text.slice(start, lineEnd(text, start, nl));
        start = nl + 1;
        nl = text.indexOf('\n', start);
      }
      rest = text.slice(start);
    }
    rest += decoder.end();
    if (rest.length > 0) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
  }

  /**
   * The same lines, a chunk's worth at a time, for parsers that scan them in place: each chunk's whole lines
   * as one block (bytes, undecoded, while the chunks are Buffers; text once a chunk is a string), a line cut
   * between two chunks and the input's last line as blocks of their own. Bytes 10 and 13 never occur inside a
   * UTF-8 sequence, so splitting the bytes finds the lines decoding would, and a line decoded alone is the
   * text the streaming decoder gives for it.
   */
  async *blocks(): AsyncGenerator<LineBlock | ByteBlock> {
    const decoder = new StringDecoder('utf8');
    let restBytes: Buffer | undefined;
    let rest: string | undefined;
    for await (const chunk of this.chunks) {
      if (rest === undefined && typeof chunk !== 'string') {
        let start = 0;
        if (restBytes !== undefined) {
          const nl = chunk.indexOf(10);
          if (nl === -1) {
            restBytes = Buffer.concat([restBytes, chunk]);
            continue;
          }
          const line = Buffer.concat([restBytes, chunk.subarray(0, nl)]);
          restBytes = undefined;
          yield { bytes: line, start: 0, end: line.length };
          start = nl + 1;
        }
        const last = chunk.lastIndexOf(10);
        if (last < start) {
          if (start < chunk.length) restBytes = chunk.subarray(start);
          continue;
        }
        yield { bytes: chunk, start, end: last };
        if (last + 1 < chunk.length) restBytes = chunk.subarray(last + 1);
        continue;
      }
      // A string chunk: from here on, text, with the partial line decoded as the decoder would have it.
      if (rest === undefined) {
        rest = restBytes === undefined ? '' : decoder.write(restBytes);
        restBytes = undefined;
      }
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      let start = 0;
      if (rest.length > 0) {
        const nl = text.indexOf('\n');
        if (nl === -1) {
          rest += text;
          continue;
        }
        const line = rest + text.slice(0, nl);
        rest = '';
        yield { text: line, start: 0, end: line.length };
        start = nl + 1;
      }
      const last = text.lastIndexOf('\n');
      if (last < start) {
        rest = text.slice(start);
        continue;
      }
      yield { text, start, end: last };
      rest = text.slice(last + 1);
    }
    if (rest === undefined) {
      if (restBytes !== undefined) yield { bytes: restBytes, start: 0, end: restBytes.length };
      return;
    }
    rest += decoder.end();
    if (rest.length > 0) yield { text: rest, start: 0, end: rest.length };
  }
}

/** Where the line `text[start, stop)` ends once a trailing `\r` is left out. */
export function lineEnd(text: string, start: number, stop: number): number {
  return stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
}
