import { InputError } from '../../errors.ts';
import { parseTsvCell } from './cell.ts';
import type { ObservationSink } from './observations.ts';

/**
 * Reads Eurostat's TSV, both layouts:
 * - current (SDMX API, bulk download since 2023): `freq,unit,…,geo\TIME_PERIOD`, periods ascending;
 * - pre-2023 bulk download: `unit,…,geo\time`, periods descending, each label with a trailing space.
 * The first column is the comma-joined series key; then one cell per period.
 * A tab split per line is the format's whole grammar (no quoting), so no CSV library is needed here.
 */
export async function readEurostatTsv(
  lines: AsyncIterable<string>,
  file: string,
  sink: ObservationSink,
): Promise<void> {
  let lineNo = 0;
  let periods: string[] | undefined;
  let dims: string[] = [];
  for await (const line of lines) {
    lineNo++;
    if (periods === undefined) {
      ({ dims, periods } = parseHeader(line, file));
      sink.begin(dims, file);
      continue;
    }
    if (line.length === 0) continue;
    const fields = line.split('\t');
    if (fields.length !== periods.length + 1) {
      throw new InputError(
        { file, line: lineNo },
        `expected ${periods.length + 1} tab-separated fields (key and ${periods.length} periods), found ${fields.length}`,
        'The line is malformed or truncated',
      );
    }
    const key = (fields[0] ?? '').split(',');
    if (key.length !== dims.length) {
      throw new InputError(
        { file, line: lineNo, field: dims.join(',') },
        `series key "${fields[0]}" has ${key.length} parts, the header names ${dims.length} dimensions`,
      );
    }
    if (!sink.accepts(key)) continue;
    for (let i = 0; i < periods.length; i++) {
      const period = periods[i] as string;
      const cell = parseTsvCell(fields[i + 1] as string, () => ({ file, line: lineNo, field: period }));
      sink.add(key, period, cell, lineNo);
    }
  }
  if (periods === undefined)
    throw new InputError({ file }, 'the file is empty', 'Expected a Eurostat TSV header line');
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
