/**
 * Phase timings for the benchmark: the same library functions the CLI's refresh runs, in the same order, each
 * timed, in a fresh process (bundled by bench/run.ts like the CLI). Prints one JSON line:
 * `{ loadMs, parseMs, eurostatParseMs, computeMs, buildMs, writeMs, publishMs, parseCpuMs, computeCpuMs, maxRssMb }` (CPU time
 * of the whole process, every thread, for the two phases that matter most when the machine is busy).
 * Usage: node phases.mjs --input DIR --out DIR --reference DIR
 * `load` reads the input directory and hashes every file; `parse` streams, gunzips and validates them
 * (`eurostatParseMs`: the part spent reading the Eurostat files, the bytes the gunzip floor reads, timed
 * through the progress steps the parser reports per file; the rest is the reference tables and the like);
 * `compute` is the pure computation; `publish` = `build` (serialise the tables and manifest) + `write` (the
 * filesystem store's staged write and pointer flip).
 */
import { parseArgs } from 'node:util';
import { parseNutsCodeList } from '../lib/classifications/nutsCodeLists.ts';
import { codeVersion } from '../lib/fs/codeVersion.ts';
import { FsSnapshotStore } from '../lib/fs/fsSnapshotStore.ts';
import { loadInputDirectory } from '../lib/fs/inputDirectory.ts';
import { readText } from '../lib/model/rawInput.ts';
import { inputRecords } from '../lib/refresh/compute.ts';
import { parseInputs } from '../lib/refresh/parseInputs.ts';
import type { Progress } from '../lib/refresh/progress.ts';
import { buildSnapshot } from '../lib/snapshot/build.ts';
import { fingerprint } from '../lib/snapshot/manifest.ts';
import { zstdCompressor } from '../lib/snapshot/zstd.ts';
import { computeTables } from '../lib/tables/compute.ts';

const { values } = parseArgs({
  options: { input: { type: 'string' }, out: { type: 'string' }, reference: { type: 'string' } },
});
if (!values.input || !values.out || !values.reference) {
  console.error('usage: phases --input DIR --out DIR --reference DIR');
  process.exit(2);
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const t0 = performance.now();
const inputs = await loadInputDirectory(values.input, values.reference);
const version = await codeVersion();
const now = new Date();
const records = inputRecords(inputs);
const fp = fingerprint(records, version);
const store = new FsSnapshotStore(values.out);
const latest = await store.latest();
const t1 = performance.now();
const c1 = cpu();
// From the first Eurostat file's start to the last one's end (the files may be read one after the other or
// together; either way this is the wall time of reading them).
let firstStart: number | undefined;
let lastDone = 0;
const timing: Progress = {
  step: () => {
    firstStart ??= performance.now();
    return {
      advance: () => {},
      done: () => {
        lastDone = performance.now();
      },
    };
  },
  info: () => {},
};
const parsed = await parseInputs(inputs, timing);
const nuts = [];
for (const r of inputs.nutsCodes ?? []) nuts.push(parseNutsCodeList(await readText(r), r.path));
const t2 = performance.now();
const c2 = cpu();
const tables = computeTables(parsed, inputs.config);
const t3 = performance.now();
const c3 = cpu();
// The codec's start-up (WebAssembly on Node 20) is part of publishing.
const { compress } = await zstdCompressor();
const snapshot = buildSnapshot({
  tables,
  inputs: records,
  fingerprint: fp,
  codeVersion: version,
  benchmark: inputs.config.benchmark,
  created: now,
  classifications: { nace: parsed.nace, mapping: parsed.mapping, nuts },
  compress,
});
const t4 = performance.now();
await store.publish(snapshot, latest?.version ?? null);
const t5 = performance.now();

const ms = (n: number) => Math.round(n * 10) / 10;
console.log(
  JSON.stringify({
    loadMs: ms(t1 - t0),
    parseMs: ms(t2 - t1),
    eurostatParseMs: ms(firstStart === undefined ? 0 : lastDone - firstStart),
    computeMs: ms(t3 - t2),
    buildMs: ms(t4 - t3),
    writeMs: ms(t5 - t4),
    publishMs: ms(t5 - t3),
    parseCpuMs: ms(c2 - c1),
    computeCpuMs: ms(c3 - c2),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    location: store.locate(snapshot.version),
  }),
);
