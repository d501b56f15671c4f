// The benchmark's floor: Node's own gunzip-and-read of the given files, one after the other, with 1 MiB reads
// and 1 MiB gunzip chunks, doing nothing with the bytes. Prints `{ "ms": …, "bytes": … }` (uncompressed bytes).
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

const MiB = 1 << 20;
const t0 = performance.now();
let bytes = 0;
for (const path of process.argv.slice(2)) {
  const gunzip = createGunzip({ chunkSize: MiB });
  createReadStream(path, { highWaterMark: MiB }).pipe(gunzip);
  for await (const chunk of gunzip) bytes += chunk.length;
}
console.log(JSON.stringify({ ms: Math.round((performance.now() - t0) * 10) / 10, bytes }));
