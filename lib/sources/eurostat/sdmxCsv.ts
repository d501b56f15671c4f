import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { InputError } from '../../errors.ts';
import { toCell } from './cell.ts';
import type { ObservationSink } from './observations.ts';

/** Columns of Eurostat's SDMX-CSV that are not dimensions. */
const NON_DIMENSIONS = new Set([
  'DATAFLOW',
  'STRUCTURE',
  'STRUCTURE_ID',
  'STRUCTURE_NAME',
  'ACTION',
  'LAST UPDATE',
  'TIME_PERIOD',
  'OBS_VALUE',
  'OBS_FLAG',
  'CONF_STATUS',
]);

/**
 * Reads SDMX-CSV as Eurostat serves it (`DATAFLOW,LAST UPDATE,freq,…,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG`,
 * newer files add `CONF_STATUS`). Dimensions are the columns that are none of the known others, in order.
 */
export async function readSdmxCsv(
  chunks: AsyncIterable<string | Buffer>,
  file: string,
  sink: ObservationSink,
): Promise<void> {
  const parser = Readable.from(chunks).pipe(
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
        const update = record[updateIdx] ?? '';
        if (update > latestUpdate) latestUpdate = update;
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
  }
  if (header === undefined)
    throw new InputError({ file }, 'the file is empty', 'Expected an SDMX-CSV header line');
  if (latestUpdate) sink.sourceVersion(latestUpdate);
}
