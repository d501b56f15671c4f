import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

/**
 * A Eurostat TSV (plain or gzipped) rewritten as the SDMX-CSV download of the same data
 * (`DATAFLOW,LAST UPDATE,<dimensions…>,TIME_PERIOD,OBS_VALUE,OBS_FLAG`, one row per observation, `:` as an empty
 * value): the same figures in the other format, for tests that compare what each format gives.
 */
export async function tsvAsSdmxCsv(tsvPath: string, dataflow: string): Promise<string> {
  const raw = await readFile(tsvPath);
  const text = (raw[0] === 0x1f ? gunzipSync(raw) : raw).toString('utf8').replace(/\r/g, '');
  const [head, ...lines] = text.trimEnd().split('\n');
  const [keys, ...years] = (head as string).split('\t');
  const dims = (keys as string).split('\\')[0] as string;
  const out = [`DATAFLOW,LAST UPDATE,${dims},TIME_PERIOD,OBS_VALUE,OBS_FLAG`];
  for (const line of lines) {
    const [key, ...cells] = line.split('\t');
    cells.forEach((cell, i) => {
      const [value = ':', flags = ''] = cell.trim().split(' ');
      const year = (years[i] as string).trim();
      out.push(`${dataflow},10/10/24 23:00:00,${key},${year},${value === ':' ? '' : value},${flags}`);
    });
  }
  return `${out.join('\n')}\n`;
}
