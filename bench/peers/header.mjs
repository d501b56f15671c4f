// Reads the header line of a (possibly gzipped) Eurostat TSV: the dimensions and the periods. Shared by the
// benchmark's DuckDB peer runner; reads only the first chunk.
import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';

export async function tsvHeader(path) {
  const handle = await open(path, 'r');
  const buf = Buffer.alloc(64 * 1024);
  const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
  await handle.close();
  let bytes = buf.subarray(0, bytesRead);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b)
    bytes = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
  const text = bytes.toString('utf8');
  const first = text
    .slice(0, text.indexOf('\n'))
    .replace(/\r$/, '')
    .replace(/^\uFEFF/, '');
  const [key, ...periods] = first.split('\t');
  const dims = key.slice(0, key.indexOf('\\')).split(',');
  return { dims, periods: periods.map((p) => p.trim()) };
}
