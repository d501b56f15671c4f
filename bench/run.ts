/**
 * The benchmark (issue 5): `npm run bench` (1×, 10×, 100×) or `npm run bench -- --quick` (1× only).
 * Options: `--runs N` timed runs per tool and scale (default 5), `--scales 1,10` to choose scales,
 * `--lambdas` the Lambda fitness part alone (4.), `--smoke` one untimed run per tool at 1×, one year and all years,
 * every table compared with DuckDB's and pandas' (no timing, no targets; exits 1 when a run fails or a table
 * differs: CI runs it so that the bench cannot break unseen).
 *
 * 1. Setup: installs Debian's python3-pandas when missing (as root, with apt-get), builds the CLI
 *    (`npm run build` → dist/eucluster.mjs), bundles the phase driver and the five Lambda handlers.
 * 2. Generates the SYNTHETIC inputs per scale under .bench/data/ (bench/generate.ts; kept while the generator
 *    is unchanged).
 * 3. Per scale: one untimed run of each tool, whose tables are checked equal to ours; then timed rounds,
 *    alternating ours (`node dist/eucluster.mjs refresh --force --no-pages`, a fresh process and output folder
 *    each time: the tables, as the peers write them; the pages are timed apart at 1×, and "end to end" is that
 *    run with pages), DuckDB and pandas; medians. Peak RSS is the kernel's maxrss of each process, from `/usr/bin/time -f %M`.
 *    Phase timings from bench/phases.ts (same library calls, fresh process), the gunzip floor from
 *    bench/floor.mjs and `zcat > /dev/null`.
 * 4. Lambda fitness: each handler bundled as the stack bundles it (ESM, minified, AWS SDK included), its size and
 *    module initialisation (a fresh process importing it, median of 20). The render handler carries the
 *    charting library and has limits of its own.
 * 5. Every scale again with every year selected (the same files, `years` "all": 15 years), ours and the peers
 *    computing all years, the tables checked equal year by year.
 * Prints which targets are missed and by how much, then the machine-readable last line. Exits 0 either way.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { HTTP_CLIENT_ALIAS } from '../lib/eurostat/fetch/bundling.ts';
import { LAMBDA_ALIAS } from '../lib/infra/lambdaBundling.ts';
import { type Comparison, compareTables } from './compare.ts';
import { benchConfig, FILES, generate, SCALES, type Scale } from './generate.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, '.bench');
const BUILD = join(WORK, 'build');
const REFERENCE = join(ROOT, 'data', 'reference');
const MAPPING = join(REFERENCE, 'nace2_to_ecosystem_v0.csv');
const CLI = join(ROOT, 'dist', 'eucluster.mjs');
const PYTHON = '/usr/bin/python3';
const TIME = '/usr/bin/time';
const REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";
const HANDLERS = ['check', 'fetch', 'compute', 'publish', 'render'] as const;
const LONG_RUN_MS = 60_000;

const TARGETS = {
  e2e1xS: 1.5,
  /** ours ÷ DuckDB per scale (issue 20), one year and every year alike. */
  duckdbRatio: { 1: 0.9, 10: 0.7, 100: 0.5 } as Record<Scale, number>,
  pandasRatio: 1 / 15,
  parseFloorRatio: 1.5,
  rssMb: 256,
  bundleKb: 1024,
  initMs: 150,
  allYearsRatio: 1.5,
  /** The render function's (ECharts): a function of its own, so limits of its own. */
  renderBundleKb: 1536,
  renderInitMs: 250,
  /** Every country's page and figures at 1× (the run with pages less the run without). */
  pages1xS: 1.0,
  /** `npm start` on the sample, as a new user runs it. */
  startS: 2.5,
};

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    scales: { type: 'string' },
    lambdas: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
  },
});
const RUNS = Math.max(1, Number(options.runs));
const scales: Scale[] = options.lambdas
  ? []
  : options.quick || options.smoke
    ? [1]
    : options.scales
      ? (options.scales.split(',').map(Number) as Scale[]).filter((s) => SCALES.includes(s))
      : [...SCALES];

// ---------------------------------------------------------------------------------------------------------
// Helpers

const log = (line = '') => console.log(line);
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const fmt = (n: number | null | undefined, digits = 3) =>
  n === null || n === undefined || !Number.isFinite(n) ? 'NA' : n.toFixed(digits);
const pad = (s: string, n: number) => s.padEnd(n);

interface Timed {
  ms: number;
  rssMb: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a process to completion under GNU time: wall time from here, peak RSS (maxrss) from time. */
function timed(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Timed {
  const rssFile = join(WORK, 'tmp', `rss-${process.pid}`);
  mkdirSync(dirname(rssFile), { recursive: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', '%M', '-o', rssFile, cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: env ?? process.env,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1));
  return { ms, rssMb: rssKb / 1024, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function mustSucceed(what: string, t: Timed): Timed {
  if (t.status !== 0) {
    throw new Error(`${what} failed (exit ${t.status}):\n${t.stderr.slice(-2000)}${t.stdout.slice(-1000)}`);
  }
  return t;
}

function fileHash(...paths: string[]): string {
  const h = createHash('sha256');
  for (const p of paths) h.update(readFileSync(p));
  return h.digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------------------------------------------------
// Setup

function pandasAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
}

function setupPandas(): boolean {
  if (pandasAvailable()) return true;
  if (process.getuid?.() !== 0) {
    log('setup: pandas is missing and this is not root: install it with `apt-get install python3-pandas`');
    return false;
  }
  log('setup: python3-pandas is missing: installing it with apt-get (apt-get update; apt-get install -y)');
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  spawnSync('apt-get', ['install', '-y', '-qq', 'python3-pandas'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return pandasAvailable();
}

async function bundle(
  entry: string,
  outfile: string,
  target: string,
  alias: Readonly<Record<string, string>>,
): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target,
    minify: true,
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_BANNER },
    alias: { ...alias },
    logLevel: 'error',
  });
}

async function setup(): Promise<{ pandas: boolean }> {
  mkdirSync(BUILD, { recursive: true });
  const pandas = setupPandas();
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stderr}${built.stdout}`);
  log(`setup: ${built.stdout.trim()}`);
  // As the CLI is built (scripts/build.ts): axios without form-data and mime-db.
  await bundle(join(ROOT, 'bench', 'phases.ts'), join(BUILD, 'phases.mjs'), 'node20', HTTP_CLIENT_ALIAS);
  await bundleHandlers();
  return { pandas };
}

/** As lib/infra/pipelineFunction.ts bundles them: ESM, minified, platform node, the AWS SDK included. */
async function bundleHandlers(): Promise<void> {
  mkdirSync(BUILD, { recursive: true });
  for (const h of HANDLERS)
    await bundle(
      join(ROOT, 'lambdas', `${h}.ts`),
      join(BUILD, 'lambdas', h, 'index.mjs'),
      'node24',
      LAMBDA_ALIAS,
    );
}

// ---------------------------------------------------------------------------------------------------------
// Data

async function inputFor(scale: Scale): Promise<string> {
  const dir = join(WORK, 'data', `synthetic-${scale}x`);
  const stamp = join(dir, '.generator');
  const want = `${fileHash(join(ROOT, 'bench', 'generate.ts'), join(REFERENCE, 'nuts2024_codes_labels.csv'))}-${scale}`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return dir;
  const t = performance.now();
  log(`generating the ${scale}× input (synthetic) in ${dir.slice(ROOT.length + 1)} …`);
  await generate(scale, dir, REFERENCE);
  writeFileSync(stamp, want);
  log(`  generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return dir;
}

/**
 * The same input with every year selected: the scale's Eurostat files (hard links, the same bytes: a symbolic
 * link out of the input directory is refused, rightly) and the configuration without `year` (so `years` is its
 * default, "all").
 */
function allYearsInput(
  scale: Scale,
  input: string,
  variant: 'as configured' | 'changed' = 'as configured',
): string {
  const dir = join(WORK, 'data', `synthetic-${scale}x-all-years${variant === 'changed' ? '-changed' : ''}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'eurostat'), { recursive: true });
  for (const name of readdirSync(join(input, 'eurostat'))) {
    const [from, to] = [join(input, 'eurostat', name), join(dir, 'eurostat', name)];
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to); // another file system, or one without hard links
    }
  }
  // The changed variant: other region levels and the strict missing-cell rule, so that a refresh after the
  // usual one publishes a version whose tables differ in part (rows added, removed and changed).
  const config =
    variant === 'changed'
      ? { ...benchConfig('all'), regionLevel: { default: 2, BE: 2, DE: 1 }, missingCells: 'strict' }
      : benchConfig('all');
  writeFileSync(join(dir, 'pipeline.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(
    join(dir, 'README.md'),
    `SYNTHETIC benchmark input: ${input.slice(ROOT.length + 1)}'s files, every year selected. Not Eurostat's figures.\n`,
  );
  return dir;
}

// ---------------------------------------------------------------------------------------------------------
// Tools

interface Tool {
  name: 'ours' | 'duckdb' | 'pandas';
  run(input: string, out: string): Timed;
  /** Folder holding the tool's CSVs after `run`. */
  tables(out: string): string;
}

const ours: Tool = {
  name: 'ours',
  // The tables alone, as the peers write them (the pages are timed apart: measurePages).
  run: (input, out) =>
    timed(process.execPath, [CLI, 'refresh', '--input', input, '--out', out, '--force', '--no-pages']),
  tables: (out) => {
    const pointer = JSON.parse(readFileSync(join(out, 'snapshots', 'latest.json'), 'utf8')) as {
      version: string;
    };
    return join(out, 'snapshots', pointer.version, 'data');
  },
};
const duckdb: Tool = {
  name: 'duckdb',
  run: (input, out) => {
    mkdirSync(out, { recursive: true });
    return timed(process.execPath, [join(ROOT, 'bench', 'peers', 'duckdb.mjs'), input, out, MAPPING]);
  },
  tables: (out) => out,
};
const pandas: Tool = {
  name: 'pandas',
  run: (input, out) => timed(PYTHON, [join(ROOT, 'bench', 'peers', 'lq_pandas.py'), input, out, MAPPING]),
  tables: (out) => out,
};

interface Phases {
  parseCpuMs: number;
  computeCpuMs: number;
  loadMs: number;
  parseMs: number;
  /** The part of parseMs spent reading the Eurostat files (what the floor reads). */
  eurostatParseMs: number;
  computeMs: number;
  buildMs: number;
  writeMs: number;
  publishMs: number;
  maxRssMb: number;
}

interface ScaleResult {
  scale: Scale;
  /** `one year` (the reference year, 2023) or `all years` (the 15). */
  years: 'one year' | 'all years';
  gzBytes: number;
  rawBytes: number;
  runs: number;
  note?: string;
  wallMs: Partial<Record<Tool['name'], number>>;
  rssMb: Partial<Record<Tool['name'], number>>;
  equal: Partial<Record<Tool['name'], Comparison>>;
  phases: Phases;
  floorMs: number;
  zcatMs: number;
}

function measureScale(
  scale: Scale,
  input: string,
  withPandas: boolean,
  years: ScaleResult['years'] = 'one year',
): ScaleResult {
  const files = Object.values(FILES).map((f) => join(input, 'eurostat', f));
  const gzBytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const tools = [ours, duckdb, ...(withPandas && scale <= 10 ? [pandas] : [])];
  const outOf = (t: Tool) => join(WORK, 'out', `${scale}x${years === 'all years' ? '-all' : ''}`, t.name);
  const fresh = (t: Tool) => {
    rmSync(outOf(t), { recursive: true, force: true });
    return outOf(t);
  };

  // One untimed run each (warms the page cache), whose tables are compared with ours.
  const first = new Map<Tool['name'], Timed>();
  for (const t of tools) first.set(t.name, mustSucceed(`${t.name} at ${scale}×`, t.run(input, fresh(t))));
  const equal: ScaleResult['equal'] = {};
  for (const t of tools.slice(1)) equal[t.name] = compareTables(ours.tables(outOf(ours)), t.tables(outOf(t)));

  let runs = RUNS;
  let note: string | undefined;
  const slowest = Math.max(...[...first.values()].map((r) => r.ms));
  if (slowest > LONG_RUN_MS && runs > 3) {
    runs = 3;
    note = `a single run took ${(slowest / 1000).toFixed(0)} s (> 60 s): 3 timed runs instead of ${RUNS}`;
  }
  const walls = new Map<Tool['name'], number[]>(tools.map((t) => [t.name, []]));
  const rss = new Map<Tool['name'], number[]>(tools.map((t) => [t.name, []]));
  for (let round = 0; round < runs; round++) {
    // Alternate: ours first, then each peer, the peers' order rotating from round to round.
    const peers = tools.slice(1);
    const order = [ours, ...peers.slice(round % peers.length), ...peers.slice(0, round % peers.length)];
    for (const t of order) {
      const r = mustSucceed(`${t.name} at ${scale}×`, t.run(input, fresh(t)));
      walls.get(t.name)?.push(r.ms);
      rss.get(t.name)?.push(r.rssMb);
    }
  }

  const phaseRuns: Phases[] = [];
  for (let i = 0; i < runs; i++) {
    const out = join(WORK, 'out', `${scale}x`, 'phases');
    rmSync(out, { recursive: true, force: true });
    const r = mustSucceed(
      'phases',
      timed(process.execPath, [
        join(BUILD, 'phases.mjs'),
        '--input',
        input,
        '--out',
        out,
        '--reference',
        REFERENCE,
      ]),
    );
    phaseRuns.push(JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as Phases);
  }
  const phases = Object.fromEntries(
    (Object.keys(phaseRuns[0] as Phases) as Array<keyof Phases>)
      .filter((k) => typeof (phaseRuns[0] as Phases)[k] === 'number')
      .map((k) => [k, median(phaseRuns.map((p) => p[k]))]),
  ) as unknown as Phases;

  const floors: number[] = [];
  let rawBytes = 0;
  const zcats: number[] = [];
  // The floor reads the same files whatever the years: measured with the one-year run only.
  for (let i = 0; i < (years === 'one year' ? runs : 0); i++) {
    const r = mustSucceed('floor', timed(process.execPath, [join(ROOT, 'bench', 'floor.mjs'), ...files]));
    const f = JSON.parse(r.stdout) as { ms: number; bytes: number };
    floors.push(f.ms);
    rawBytes = f.bytes;
    const z = timed('/bin/sh', ['-c', `zcat ${files.map((p) => `'${p}'`).join(' ')} > /dev/null`]);
    zcats.push(z.ms);
  }

  return {
    scale,
    years,
    gzBytes,
    rawBytes,
    runs,
    ...(note ? { note } : {}),
    wallMs: Object.fromEntries([...walls].map(([k, v]) => [k, median(v)])),
    rssMb: Object.fromEntries([...rss].map(([k, v]) => [k, Math.max(...v)])),
    equal,
    phases,
    floorMs: floors.length ? median(floors) : Number.NaN,
    zcatMs: zcats.length ? median(zcats) : Number.NaN,
  };
}

/**
 * The pages' own time at 1×: our run with pages against the same run with `--no-pages`, alternating, medians.
 * The tables are the same in both, so the difference is the rendering of every page and figure.
 */
function measurePages(input: string): { withMs: number; withoutMs: number; rssMb: number } {
  const out = join(WORK, 'out', 'pages');
  let rss = 0;
  const run = (extra: string[]) => {
    rmSync(out, { recursive: true, force: true });
    const args = [CLI, 'refresh', '--input', input, '--out', out, '--force', ...extra];
    const t = mustSucceed(`ours ${extra.join(' ')}`, timed(process.execPath, args));
    rss = Math.max(rss, t.rssMb);
    return t.ms;
  };
  const [withPages, without] = [[] as number[], [] as number[]];
  for (let i = 0; i < RUNS; i++) {
    withPages.push(run([]));
    without.push(run(['--no-pages']));
  }
  return { withMs: median(withPages), withoutMs: median(without), rssMb: rss };
}

/**
 * A refresh whose previous version differs (a new vintage, a changed configuration): the run then also writes
 * the change history, reading both versions' tables. Each round publishes the usual every-year snapshot into a
 * fresh folder (untimed), then times the changed configuration's refresh into the same folder.
 */
function measureChanges(scale: Scale, input: string): { ms: number; rssMb: number } {
  const [usual, changed] = [allYearsInput(scale, input), allYearsInput(scale, input, 'changed')];
  const out = join(WORK, 'out', 'changes');
  const walls: number[] = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    rmSync(out, { recursive: true, force: true });
    mustSucceed(
      'ours, first version',
      timed(process.execPath, [CLI, 'refresh', '--input', usual, '--out', out, '--no-pages']),
    );
    const t = mustSucceed(
      'ours, changed version',
      timed(process.execPath, [CLI, 'refresh', '--input', changed, '--out', out, '--no-pages']),
    );
    walls.push(t.ms);
    rss = Math.max(rss, t.rssMb);
  }
  return { ms: median(walls), rssMb: rss };
}

/**
 * `npm start` as a new user runs it after `npm ci`: package.json's own start command (the sample, every year,
 * pages), into a fresh folder instead of `out/`, after package.json's `prepare` (which `npm ci` runs: it builds
 * the bundle the start command runs). npm's own start-up (about 0.2 s) is not included.
 */
function measureStart(): number {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string; prepare?: string };
  };
  const out = join(WORK, 'out', 'start');
  const command = `cd '${ROOT}' && ${pkg.scripts.start.replace(/ --out \S+/, ` --out '${out}'`)}`;
  const env = { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}` };
  if (pkg.scripts.prepare)
    mustSucceed('npm run prepare', timed('/bin/sh', ['-c', `cd '${ROOT}' && ${pkg.scripts.prepare}`], env));
  const walls: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(out, { recursive: true, force: true });
    walls.push(mustSucceed('npm start', timed('/bin/sh', ['-c', command], env)).ms);
  }
  return median(walls);
}

/** `--smoke`: each tool once on the input, untimed; ours' tables compared with each peer's. */
function smoke(scale: Scale, input: string, withPandas: boolean, years: ScaleResult['years']): string[] {
  const tools = [ours, duckdb, ...(withPandas ? [pandas] : [])];
  const outOf = (t: Tool) =>
    join(WORK, 'out', `smoke-${scale}x${years === 'all years' ? '-all' : ''}`, t.name);
  const problems: string[] = [];
  for (const t of tools) {
    rmSync(outOf(t), { recursive: true, force: true });
    const r = t.run(input, outOf(t));
    if (r.status !== 0) problems.push(`${t.name} failed (exit ${r.status}): ${r.stderr.trim().slice(-500)}`);
  }
  if (problems.length > 0) return problems;
  for (const t of tools.slice(1)) {
    const c = compareTables(ours.tables(outOf(ours)), t.tables(outOf(t)));
    log(
      `   ${years}, ${scale}×: ours vs ${pad(t.name, 7)} ` +
        (c.ok
          ? `tables equal (${c.lqCells} LQ cells, ${c.nodes} nodes, ${c.regions} regions, ${c.ecosystemRows} ecosystem rows)`
          : `TABLES DIFFER: ${c.problems.join('; ')}`),
    );
    if (!c.ok) problems.push(`${t.name} at ${scale}× (${years}): ${c.problems.join('; ')}`);
  }
  return problems;
}

async function smokeMain(): Promise<void> {
  log(`eucluster benchmark, smoke run (untimed): load average ${loadavg()}`);
  const { pandas: withPandas } = await setup();
  if (!withPandas) log('   pandas is not installed: compared with DuckDB only');
  const input = await inputFor(1);
  const problems = [
    ...smoke(1, input, withPandas, 'one year'),
    ...smoke(1, allYearsInput(1, input), withPandas, 'all years'),
  ];
  for (const p of problems) log(`   FAILED: ${p}`);
  log(`bench smoke: ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`}`);
  if (problems.length > 0) process.exitCode = 1;
}

function report(r: ScaleResult): void {
  const mb = (b: number) => (b / 1e6).toFixed(1);
  log(
    `\n== scale ${r.scale}×, ${r.years} — ${r.rawBytes ? `${mb(r.rawBytes)} MB uncompressed, ` : ''}${mb(r.gzBytes)} MB gzipped (3 files)`,
  );
  if (r.note) log(`   note: ${r.note}`);
  log(`   medians of ${r.runs} runs, each a fresh process; peak RSS = the largest maxrss seen`);
  for (const name of ['ours', 'duckdb', 'pandas'] as const) {
    const wall = r.wallMs[name];
    if (wall === undefined) {
      if (name === 'pandas')
        log(`   ${pad('pandas', 8)} not run${r.scale > 10 ? ' (does not fit in memory at 100×)' : ''}`);
      continue;
    }
    const ratio = name === 'ours' ? '' : `   ours ÷ ${name} = ${fmt((r.wallMs.ours as number) / wall)}`;
    const eq = r.equal[name];
    const check =
      name === 'ours'
        ? ''
        : eq?.ok
          ? `   tables equal (${eq.lqCells} LQ cells, ${eq.nodes} nodes, ${eq.regions} regions, ${eq.ecosystemRows} ecosystem rows)`
          : `   TABLES DIFFER: ${eq?.problems.join('; ')}`;
    log(`   ${pad(name, 8)} ${fmt(wall / 1000)} s   peak RSS ${fmt(r.rssMb[name], 0)} MB${ratio}${check}`);
  }
  const p = r.phases;
  log(
    `   ours by phase: load+hash ${fmt(p.loadMs, 0)} ms, parse ${fmt(p.parseMs, 0)} ms (the Eurostat files ` +
      `${fmt(p.eurostatParseMs, 0)} ms, ${fmt(r.rawBytes / 1e6 / (p.eurostatParseMs / 1000), 0)} MB/s uncompressed; ` +
      `reference tables and the rest ${fmt(p.parseMs - p.eurostatParseMs, 0)} ms), compute ${fmt(p.computeMs, 0)} ms, ` +
      `publish ${fmt(p.publishMs, 0)} ms (serialise ${fmt(p.buildMs, 0)} + write ${fmt(p.writeMs, 0)})`,
  );
  if (r.years === 'all years') {
    log('   (our run: CSV and Parquet of every table, with --no-pages: the pages are timed apart, at 1×)');
    return;
  }
  log(
    `   floor: Node gunzip+read (1 MiB) ${fmt(r.floorMs, 0)} ms (${fmt(r.rawBytes / 1e6 / (r.floorMs / 1000), 0)} MB/s), ` +
      `zcat > /dev/null ${fmt(r.zcatMs, 0)} ms; our parse of the same files ÷ Node floor = ${fmt(p.eurostatParseMs / r.floorMs)}`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Lambda fitness

interface HandlerResult {
  name: string;
  kb: number;
  initMs: number;
}

function measureHandlers(): HandlerResult[] {
  return HANDLERS.map((name) => {
    const file = join(BUILD, 'lambdas', name, 'index.mjs');
    const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`importing the ${name} bundle failed:\n${r.stderr}`);
      times.push(Number(r.stdout));
    }
    return { name, kb: statSync(file).size / 1024, initMs: median(times) };
  });
}

function lambdaMemory(step: string): number | null {
  const text = readFileSync(join(ROOT, 'lib', 'infra', 'stepHandlers.ts'), 'utf8');
  // The step's row of STEP_FUNCTIONS (read as text: importing lib/infra would load the CDK).
  const m = new RegExp(`\\n  ${step}: \\{[^}]*?memorySize: (\\d+)`).exec(text);
  return m ? Number(m[1]) : null;
}

// ---------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  log(`eucluster benchmark — scales ${scales.map((s) => `${s}×`).join(', ')}, ${RUNS} timed runs per tool`);
  log(
    `node ${process.version}, ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores, ` +
      `load average ${loadavg()} (other work on the machine makes every figure noisier)`,
  );
  let withPandas = false;
  if (options.lambdas) await bundleHandlers();
  else ({ pandas: withPandas } = await setup());

  const results: ScaleResult[] = [];
  const allYears: ScaleResult[] = [];
  let pages: ReturnType<typeof measurePages> | null = null;
  let changes: ReturnType<typeof measureChanges> | null = null;
  for (const scale of scales) {
    const input = await inputFor(scale);
    const r = measureScale(scale, input, withPandas);
    report(r);
    results.push(r);
    if (scale === 1) {
      pages = measurePages(input);
      log(
        `   pages at 1×: ours ${fmt(pages.withMs / 1000)} s with pages, ${fmt(pages.withoutMs / 1000)} s with ` +
          `--no-pages (medians of ${RUNS}, alternating): every page and figure ${fmt((pages.withMs - pages.withoutMs) / 1000)} s`,
      );
    }
    const a = measureScale(scale, allYearsInput(scale, input), withPandas, 'all years');
    a.rawBytes = r.rawBytes;
    report(a);
    log(
      `   all years ÷ one year: ours ${fmt((a.wallMs.ours as number) / (r.wallMs.ours as number), 2)}, ` +
        `DuckDB ${fmt((a.wallMs.duckdb as number) / (r.wallMs.duckdb as number), 2)}` +
        (a.wallMs.pandas && r.wallMs.pandas ? `, pandas ${fmt(a.wallMs.pandas / r.wallMs.pandas, 2)}` : ''),
    );
    allYears.push(a);
    if (scale === 1) {
      changes = measureChanges(scale, input);
      log(
        `   after a changed version (1×, all years, the change history written): ours ${fmt(changes.ms / 1000)} s ` +
          `(median of ${RUNS}), peak RSS ${fmt(changes.rssMb, 0)} MB`,
      );
    }
  }

  const startMs = scales.length > 0 ? measureStart() : null;
  if (startMs !== null)
    log(`\n== npm start on the sample (every year, pages): ${fmt(startMs / 1000)} s (median of ${RUNS})`);

  const handlers = measureHandlers();
  const computeMemory = lambdaMemory('compute');
  log('\n== Lambda fitness (bundled as lib/infra/pipelineFunction.ts does: ESM, minified, AWS SDK included)');
  for (const h of handlers)
    log(
      `   ${pad(h.name, 8)} ${fmt(h.kb, 0)} KB   module init ${fmt(h.initMs, 1)} ms (median of 20 fresh processes)`,
    );
  const maxRss = results.length
    ? Math.max(...[...results, ...allYears].map((r) => r.rssMb.ours ?? 0), pages?.rssMb ?? 0)
    : null;
  const biggest = results.at(-1);
  if (biggest)
    log(
      `   compute step: peak RSS of the local refresh at ${biggest.scale}× ${fmt(biggest.rssMb.ours, 0)} MB ` +
        `of the ${computeMemory ?? '?'} MB configured (lib/infra/stepHandlers.ts)`,
    );

  // How each grows.
  if (results.length > 1) {
    log('\n== growth (relative to 1×)');
    const base = results[0] as ScaleResult;
    for (const r of results.slice(1)) {
      const g = (a: number | undefined, b: number | undefined) => fmt((a ?? NaN) / (b ?? NaN), 1);
      log(
        `   ${r.scale}×: input ×${g(r.rawBytes, base.rawBytes)}; ours e2e ×${g(r.wallMs.ours, base.wallMs.ours)}, ` +
          `parse ×${g(r.phases.parseMs, base.phases.parseMs)}, compute ×${g(r.phases.computeMs, base.phases.computeMs)}, ` +
          `publish ×${g(r.phases.publishMs, base.phases.publishMs)}, peak RSS ×${g(r.rssMb.ours, base.rssMb.ours)}; ` +
          `duckdb ×${g(r.wallMs.duckdb, base.wallMs.duckdb)}` +
          (r.wallMs.pandas ? `; pandas ×${g(r.wallMs.pandas, base.wallMs.pandas)}` : ''),
      );
    }
  }

  log(`\nload average at the end: ${loadavg()}`);

  // Targets.
  const at = (s: Scale) => results.find((r) => r.scale === s);
  const ratio = (s: Scale, peer: 'duckdb' | 'pandas') => {
    const r = at(s);
    return r?.wallMs.ours !== undefined && r.wallMs[peer] !== undefined
      ? (r.wallMs.ours as number) / (r.wallMs[peer] as number)
      : null;
  };
  const floorRatio = (s: Scale) => {
    const r = at(s);
    return r ? r.phases.eurostatParseMs / r.floorMs : null;
  };
  const allAt = (s: Scale) => allYears.find((r) => r.scale === s);
  const allYearsRatio = (s: Scale) => {
    const a = allAt(s)?.wallMs.ours;
    const one = at(s)?.wallMs.ours;
    return a !== undefined && one !== undefined ? a / one : null;
  };
  const duckdbAllRatio = (s: Scale) => {
    const a = allAt(s);
    return a?.wallMs.ours !== undefined && a.wallMs.duckdb !== undefined
      ? a.wallMs.ours / a.wallMs.duckdb
      : null;
  };
  const pages1x = pages ? (pages.withMs - pages.withoutMs) / 1000 : null;
  const startS = startMs !== null ? startMs / 1000 : null;
  // End to end: the run with pages and figures (the ratios above compare the tables alone).
  const e2e1x = pages ? pages.withMs / 1000 : null;
  // max_* over the four steps; the render function is reported (and limited) on its own.
  const steps = handlers.filter((h) => h.name !== 'render');
  const render = handlers.find((h) => h.name === 'render');
  const maxBundle = Math.max(...steps.map((h) => h.kb));
  const maxInit = Math.max(...steps.map((h) => h.initMs));
  const missed: string[] = [];
  const check = (label: string, value: number | null, limit: number, unit = '', digits = 3) => {
    if (value === null) return;
    if (value > limit)
      missed.push(
        `${label} = ${fmt(value, digits)}${unit} > ${fmt(limit, digits)}${unit} (over by ${fmt(value - limit, digits)}${unit}, ×${fmt(value / limit, 2)})`,
      );
  };
  check('end-to-end at 1×', e2e1x, TARGETS.e2e1xS, ' s');
  for (const s of SCALES) check(`ours ÷ DuckDB at ${s}×`, ratio(s, 'duckdb'), TARGETS.duckdbRatio[s]);
  for (const s of [1, 10] as const) check(`ours ÷ pandas at ${s}×`, ratio(s, 'pandas'), TARGETS.pandasRatio);
  for (const s of [10, 100] as const)
    check(`parse ÷ Node floor at ${s}×`, floorRatio(s), TARGETS.parseFloorRatio);
  for (const r of [...results, ...allYears])
    check(`peak RSS at ${r.scale}×, ${r.years}`, r.rssMb.ours ?? null, TARGETS.rssMb, ' MB', 0);
  check('peak RSS at 1× with pages', pages?.rssMb ?? null, TARGETS.rssMb, ' MB', 0);
  check(
    'peak RSS at 1×, all years, after a changed version',
    changes?.rssMb ?? null,
    TARGETS.rssMb,
    ' MB',
    0,
  );
  check('all years ÷ one year (ours) at 10×', allYearsRatio(10), TARGETS.allYearsRatio);
  for (const s of SCALES)
    check(`ours ÷ DuckDB, all years, at ${s}×`, duckdbAllRatio(s), TARGETS.duckdbRatio[s]);
  for (const h of steps) {
    check(`${h.name} bundle`, h.kb, TARGETS.bundleKb, ' KB', 0);
    check(`${h.name} module init`, h.initMs, TARGETS.initMs, ' ms', 1);
  }
  check('pages at 1×', pages1x, TARGETS.pages1xS, ' s');
  check('npm start', startS, TARGETS.startS, ' s');
  check('render bundle', render?.kb ?? null, TARGETS.renderBundleKb, ' KB', 0);
  check('render module init', render?.initMs ?? null, TARGETS.renderInitMs, ' ms', 1);
  const unequal = [...results, ...allYears].flatMap((r) =>
    Object.entries(r.equal)
      .filter(([, c]) => !c.ok)
      .map(([peer]) => `${peer} at ${r.scale}× (${r.years})`),
  );
  log(
    '\n== targets: e2e 1× ≤ 1.5 s; ours ÷ DuckDB ≤ 0.9 at 1×, ≤ 0.7 at 10×, ≤ 0.5 at 100× (one year and every year); ' +
      'ours ÷ pandas ≤ 1/15 at 1× and 10×;',
  );
  log(
    '   parse ≤ 1.5 × the Node gunzip floor at 10× and 100×; peak RSS ≤ 256 MB; bundles ≤ 1024 KB, init ≤ 150 ms ' +
      '(render: ≤ 1536 KB, ≤ 250 ms);',
  );
  log('   all years at 10× ≤ 1.5 × one year at 10×;');
  log('   every page and figure at 1× ≤ 1.0 s; npm start on the sample ≤ 2.5 s');
  if (unequal.length) log(`   OUTPUTS DIFFER from ours: ${unequal.join(', ')}`);
  if (missed.length === 0) log('   every measured target is met');
  for (const m of missed) log(`   missed: ${m}`);
  if (options.quick) log('   (--quick: 10× and 100× not measured, NA below)');
  if (options.lambdas) log('   (--lambdas: the Lambda fitness part only, NA below)');

  log(
    `bench: e2e_1x_s=${fmt(e2e1x)} duckdb_ratio_1x=${fmt(ratio(1, 'duckdb'))} duckdb_ratio_10x=${fmt(ratio(10, 'duckdb'))} ` +
      `duckdb_ratio_100x=${fmt(ratio(100, 'duckdb'))} pandas_ratio_1x=${fmt(ratio(1, 'pandas'))} ` +
      `pandas_ratio_10x=${fmt(ratio(10, 'pandas'))} parse_floor_ratio_10x=${fmt(floorRatio(10))} ` +
      `parse_floor_ratio_100x=${fmt(floorRatio(100))} rss_max_mb=${fmt(maxRss, 0)} max_bundle_kb=${fmt(maxBundle, 0)} ` +
      `max_init_ms=${fmt(maxInit, 1)} render_bundle_kb=${fmt(render?.kb, 0)} render_init_ms=${fmt(render?.initMs, 1)} ` +
      `all_years_ratio_10x=${fmt(allYearsRatio(10))} duckdb_all_years_ratio_10x=${fmt(duckdbAllRatio(10))} ` +
      `duckdb_all_years_ratio_1x=${fmt(duckdbAllRatio(1))} pages_1x_s=${fmt(pages1x)} start_s=${fmt(startS)} ` +
      `changes_1x_s=${fmt(changes ? changes.ms / 1000 : null)} changes_rss_mb=${fmt(changes?.rssMb, 0)}`,
  );
}

await (options.smoke ? smokeMain() : main());
