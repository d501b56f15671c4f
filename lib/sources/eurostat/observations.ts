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
  /** `line` is the 1-based line of the observation where the format has lines. */
  add(key: readonly string[], time: string, cell: Cell, line: number | undefined): void;
  /** The dataset's own version (Eurostat's last update), when the format carries it. */
  sourceVersion(version: string): void;
}

/**
 * Splits a stream of text chunks into lines, without holding more than one chunk plus one partial line.
 * A UTF-8 character cut between two chunks is decoded whole.
 */
export async function* splitLines(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    let start = 0;
    let nl = text.indexOf('\n', start);
    while (nl !== -1) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield text.slice(start, end);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest.length > 0) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}
