/**
 * Measures the renderer: the render time of every factsheet of the bundled sample, the page and figure
 * sizes, and a minimal esbuild bundle of lib/render/index.ts (ESM, platform node, minified, as the Lambda
 * functions are bundled): its size and its import time in a fresh process with no node_modules.
 * Run: npx tsx tests/render/measure.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { renderFactsheets } from '../../lib/render/index.ts';
import { sampleFactsheet } from './sampleInput.ts';

const { input } = await sampleFactsheet();
renderFactsheets(input); // warm-up: the first render compiles ECharts' code paths
const runs: number[] = [];
let files = renderFactsheets(input);
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  files = renderFactsheets(input);
  runs.push(performance.now() - t0);
}
const pages = files.filter((f) => f.path.startsWith('pages/') && f.path !== 'pages/index.html');
const figures = files.filter((f) => f.path.startsWith('figures/'));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const stats = (list: typeof files) => {
  const sizes = list.map((f) => f.content.length).sort((a, b) => a - b);
  return `min ${kb(sizes[0] ?? 0)}, median ${kb(sizes[Math.floor(sizes.length / 2)] ?? 0)}, max ${kb(sizes.at(-1) ?? 0)}`;
};
console.log(`countries: ${pages.length}, files: ${files.length}`);
console.log(`render all (warm, 3 runs): ${runs.map((r) => `${r.toFixed(0)} ms`).join(', ')}`);
console.log(
  `country pages: ${stats(pages)}; BE ${kb(files.find((f) => f.path === 'pages/BE.html')?.content.length ?? 0)}`,
);
console.log(`figures: ${stats(figures)}`);
console.log(`all files: ${kb(files.reduce((n, f) => n + f.content.length, 0))}`);

const dir = await mkdtemp(join(tmpdir(), 'eucluster-render-bundle-'));
const out = join(dir, 'render.mjs');
const result = await build({
  entryPoints: [join(import.meta.dirname, '..', '..', 'lib', 'render', 'index.ts')],
  outfile: out,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  mainFields: ['module', 'main'],
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
const byPackage = new Map<string, number>();
for (const [path, o] of Object.entries(
  result.metafile.outputs[Object.keys(result.metafile.outputs)[0] ?? '']?.inputs ?? {},
)) {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? 'lib';
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + o.bytesInOutput);
}
console.log(`bundle: ${kb(bytes)} (${[...byPackage].map(([p, n]) => `${p} ${kb(n)}`).join(', ')})`);
const probe = join(dir, 'probe.mjs');
await writeFile(
  probe,
  "const t0 = performance.now(); await import('./render.mjs'); console.log((performance.now() - t0).toFixed(0));\n",
);
const inits = Array.from({ length: 5 }, () =>
  Number(execFileSync(process.execPath, [probe], { cwd: dir }).toString()),
);
console.log(`bundle import (fresh process, 5 runs): ${inits.map((t) => `${t} ms`).join(', ')}`);
