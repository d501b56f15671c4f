import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { InputError } from '../../errors.ts';
import { toCell } from './cell.ts';
import type { ObservationSink } from './observations.ts';
import { NON_DIMENSIONS } from './sdmxColumns.ts';

/**
 * Reads SDMX-CSV as Eurostat serves it (`DATAFLOW,LAST UPDATE,freq,…,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG`,
 * newer files add `CONF_STATUS`). Dimensions are the columns that are none of the known others, in order.
 */
export async function readSdmxCsv(
  chunks: AsyncIterable<string | Buffer>,
  file: string,
  sink: ObservationSink,
): Promise<void> {
  const source = Readable.from(chunks);
  const parser = source.pipe(
    parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: false }),
  );
  let header: string[] | undefined;
  let dimIdx: number[] = [];
  let timeIdx = -1;
  let valueIdx = -1;
  let flagIdx = -1;
  let confIdx = -1;
  let updateIdx = -1;
  let latestUpdate = '';
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = info.lines;
      if (header === undefined) {
        header = record.map((h) => h.trim());
        timeIdx = header.indexOf('TIME_PERIOD');
        valueIdx = header.indexOf('OBS_VALUE');
        for (const [name, idx] of [
          ['TIME_PERIOD', timeIdx],
          ['OBS_VALUE', valueIdx],
        ] as const) {
          if (idx === -1) {
            throw new InputError(
              { file, line: 1, field: name },
              `missing column "${name}"`,
              'Expected Eurostat SDMX-CSV',
            );
          }
        }
        flagIdx = header.indexOf('OBS_FLAG');
        confIdx = header.indexOf('CONF_STATUS');
        updateIdx = header.indexOf('LAST UPDATE');
        dimIdx = header.flatMap((h, i) => (NON_DIMENSIONS.has(h) ? [] : [i]));
        sink.begin(
          dimIdx.map((i) => header?.[i] ?? ''),
          file,
        );
        continue;
      }
      const key = dimIdx.map((i) => record[i] ?? '');
      if (updateIdx !== -1) {
        const update = lastUpdateIso(record[updateIdx] ?? '');
        if (update && update > latestUpdate) latestUpdate = update;
      }
      if (!sink.accepts(key)) continue;
      let flags = flagIdx === -1 ? '' : (record[flagIdx] ?? '').trim();
      // CONF_STATUS C/D marks a confidential cell; keep it as flag c so it is treated as missing.
      const conf = confIdx === -1 ? '' : (record[confIdx] ?? '').trim();
      if ((conf === 'C' || conf === 'D') && !flags.includes('c')) flags += 'c';
      const time = (record[timeIdx] ?? '').trim();
      const cell = toCell((record[valueIdx] ?? '').trim(), flags, () => ({ file, line, field: 'OBS_VALUE' }));
      sink.add(key, time, cell, line);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    const e = err as { lines?: number; message: string };
    throw new InputError({ file, line: e.lines }, `not valid SDMX-CSV: ${e.message}`);
  } finally {
    // Stops reading the file when parsing ends early (an error), so its handle is closed.
    source.destroy();
  }
  if (header === undefined)
    throw new InputError({ file }, 'the file is empty', 'Expected an SDMX-CSV header line');
  if (latestUpdate) sink.sourceVersion(latestUpdate);
}

/**
 * Eurostat writes LAST UPDATE as `dd/mm/yy hh:mm:ss` (Brussels time); as text it does not sort by date, so it
 * is normalised to `yyyy-mm-ddThh:mm:ss` (ISO form, same local time). Other forms are kept as they are.
 */
export function lastUpdateIso(text: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{2}|\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return text.trim();
  const [, dd, mm, yy, hh, mi, ss] = m;
  const year = (yy as string).length === 2 ? `20${yy}` : yy;
  return `${year}-${mm}-${dd}T${hh}:${mi}:${ss ?? '00'}`;
}
