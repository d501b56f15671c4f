import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { catalogueText } from '../helpers/catalogue.ts';
import { type FakeEurostat, fakeEurostat } from '../helpers/fakeEurostat.ts';
import { LOCAL_CREDENTIALS } from '../helpers/localAws.ts';
import { tempDir } from '../helpers/miniInput.ts';
import { type StaticServer, staticServer } from '../helpers/staticServer.ts';
import { createAthenaViews, DOC_QUERIES, docQuery } from '../infra/athenaViews.ts';

/**
 * The README and docs/ as a specification. Every command they show a user is listed below and run, as
 * written, on the snapshot `npm start` publishes (`npx eucluster` is the package's own launcher,
 * bin/eucluster.mjs; placeholders such as `<BucketName>` are filled in); what each returns is checked. A
 * command shown in the docs but not listed here fails the first test: when the docs change, this file changes.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = `${process.execPath} ${join(ROOT, 'bin', 'eucluster.mjs')}`;
const AWS_CLI = '/usr/bin/aws';
const PYTHON = '/usr/bin/python3';
const run = promisify(execFile);

interface Shown {
  file: string;
  line: number;
  text: string;
}

/** The shell lines of the docs' code blocks that start with a command a user types. */
function shownCommands(): Shown[] {
  const files = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const shown: Shown[] = [];
  for (const file of files) {
    let block: string | null = null;
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const fence = /^\s*```(\w*)/.exec(text);
        if (fence) {
          block = block === null ? (fence[1] ?? '') : null;
          return;
        }
        if (block !== '' || !/^\s*(npx|npm|duckdb|python3|Rscript|aws|cdk|node)\b/.test(text)) return;
        shown.push({ file, line: i + 1, text: text.replace(/\s+#.*$/, '').trim() });
      });
  }
  return shown;
}

/** What the docs show that this file does not run, and why: each needs what no test machine has. */
const NOT_RUN: Array<[RegExp, string]> = [
  [/^npm ci && npm start$/, 'run below as `npm start` (npm ci is what .ci/run and a new user do first)'],
  [/^npm (test|run (typecheck|lint|depcheck|deadcode))$/, '.ci/run runs these itself'],
  [
    /^npm run (build|bench)( -- --quick)?$/,
    '.ci/run runs `npm run bench -- --smoke`, which builds; timed runs belong on a quiet machine',
  ],
  [
    /^npm run prepare$/,
    'npm ci runs it (.ci/run); tests/cli/cliBundle.test.ts builds and runs the bundle through the launcher',
  ],
  [/^npm run synth$/, 'tests/deployed synthesizes the template with the same command'],
  [/^npm ci$/, 'what .ci/run does first'],
  [/^(npx cdk bootstrap|npm run deploy)$/, 'needs an AWS account'],
  [
    /^aws (stepfunctions|athena|sns) /,
    'needs an AWS account (the Athena SQL itself is run below with DuckDB)',
  ],
  [
    /^aws s3 cp data\/sample\/policy\/BE\.json s3:\/\/<BucketName>\/inbox\//,
    'the inbox upload of a deployment: tests/deployed',
  ],
  [/^Rscript /, 'R and its arrow package are not installed on the test machines'],
];

/** The commands run here, by the docs' own text. */
const CMD = {
  refresh: /^npx eucluster refresh --input DIR --out DIR \[--year YYYY\] \[--force\] \[--no-pages\]$/,
  live: /^npx eucluster refresh --live --out DIR \[--input DIR\]( \[--force\] \[--accept-structure-change\])?$/,
  pullAny: /^npx eucluster pull OUT_OR_BUCKET_OR_URL --dest \.\/snapshot$/,
  pull: /^npx eucluster pull (s3:\/\/<BucketName>|https:\/\/data\.example\.org\/eucluster|\.\/out) --dest \.\/snapshot$/,
  pullVersion: /^npx eucluster pull s3:\/\/<BucketName> --version \S+ --dest \.\/snapshot-old$/,
  verify: /^npx eucluster verify \.\/snapshot(-synced)?$/,
  diff: /^npx eucluster diff <older version> (<newer version>|latest) --out \.\/out( --json)?$/,
  rebuild: /^npx eucluster rebuild <version> --out (\.\/out|DIR)$/,
  help: /^npx eucluster --help$/,
  pdf: /^npx eucluster pdf \.\/out\/snapshots\/<version> --countries BE$/,
  sync: /^aws s3 sync s3:\/\/<BucketName>\/snapshots\/\S+\/ \.\/snapshot-synced$/,
  duckdb: /^duckdb -c "/,
  pandas: /^python3 -c "import pandas/,
};
const RUN: RegExp[] = Object.values(CMD);

/** The docs' line for `pattern`, exactly as shown. */
function shown(pattern: RegExp): string {
  const hit = shownCommands().find((c) => pattern.test(c.text));
  if (!hit) throw new Error(`no command in the docs matches ${pattern}`);
  return hit.text;
}

let cwd: string;
let out: string;
let first: string;
let second: string;
let started: { stdout: string; stderr: string };
let bucket: string;
let web: StaticServer;

/** A documented line run in a shell from `cwd`, `npx eucluster` being the package's launcher. */
async function sh(line: string, env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  return run('/bin/sh', ['-c', line.replace(/^npx eucluster\b/, CLI)], {
    cwd,
    env: { ...process.env, CI: 'true', ...env },
    maxBuffer: 64 << 20,
  });
}
const s3Env = () => ({
  ...LOCAL_CREDENTIALS,
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ENDPOINT_URL_S3: inject('s3Endpoint'),
});
const latestOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'snapshots', 'latest.json'), 'utf8')).version as string;

beforeAll(async () => {
  cwd = await tempDir('eucluster-readme-');
  out = join(cwd, 'out');
  // The README's first command, as package.json defines it; a later --out wins, so it publishes into `out`.
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.scripts.start).toBe('node bin/eucluster.mjs refresh --input data/sample --out out');
  started = await run('npm', ['start', '--silent', '--', '--out', out], {
    cwd: ROOT,
    env: { ...process.env, CI: 'true' },
    maxBuffer: 64 << 20,
  });
  first = latestOf(out);
  // A second version, forced: the documented refresh line with its options filled in.
  const refresh = shown(CMD.refresh)
    .replace('--input DIR', `--input ${join(ROOT, 'data', 'sample')}`)
    .replace('--out DIR', '--out ./out')
    .replace(' [--year YYYY]', '')
    .replace('[--force]', '--force')
    .replace(' [--no-pages]', '');
  await sh(refresh);
  second = latestOf(out);
  // The bucket as the stack lays it out, uploaded with awscli (its own credentials from the environment).
  bucket = `readme-${Date.now()}`;
  await run(AWS_CLI, ['--endpoint-url', inject('s3Endpoint'), 's3', 'mb', `s3://${bucket}`], {
    env: { ...process.env, ...s3Env() },
  });
  await run(
    AWS_CLI,
    [
      '--endpoint-url',
      inject('s3Endpoint'),
      's3',
      'sync',
      join(out, 'snapshots'),
      `s3://${bucket}/snapshots`,
      '--only-show-errors',
    ],
    {
      env: { ...process.env, ...s3Env() },
    },
  );
  web = await staticServer(out);
}, 300_000);

afterAll(async () => {
  await web?.close();
});

describe('the README and docs/, run as a new user would', () => {
  it('run every command they show, or say here why one cannot run on a test machine', () => {
    const unlisted = shownCommands().filter(
      (c) => !RUN.some((p) => p.test(c.text)) && !NOT_RUN.some(([p]) => p.test(c.text)),
    );
    expect(unlisted.map((c) => `${c.file}:${c.line}: ${c.text}`)).toEqual([]);
    for (const pattern of RUN) expect(() => shown(pattern)).not.toThrow();
  });

  it('npm start: publishes the sample, says it is SYNTHETIC, and prints the snapshot and the Belgian page', () => {
    expect(started.stdout).toMatch(/^published \S+$/m);
    expect(started.stdout).toContain(`snapshot: ${join(out, 'snapshots', first)}`);
    expect(started.stdout).toContain(`factsheet BE: ${join(out, 'snapshots', first, 'pages', 'BE.html')}`);
    expect(`${started.stdout}${started.stderr}`).toMatch(/SYNTHETIC/);
    expect(existsSync(join(out, 'snapshots', first, 'pages', 'BE.html'))).toBe(true);
  });

  it('refresh --year --no-pages: one year only, and the tables only', async () => {
    const line = shown(CMD.refresh)
      .replace('--input DIR', `--input ${join(ROOT, 'data', 'sample')}`)
      .replace('--out DIR', '--out ./out-2020')
      .replace('[--year YYYY]', '--year 2020')
      .replace(' [--force]', '')
      .replace('[--no-pages]', '--no-pages');
    const { stdout } = await sh(line);
    expect(stdout).toMatch(/^published /m);
    // --no-pages: the tables only.
    expect(existsSync(join(cwd, 'out-2020', 'snapshots', latestOf(join(cwd, 'out-2020')), 'pages'))).toBe(
      false,
    );
    const csv = readFileSync(
      join(cwd, 'out-2020', 'snapshots', latestOf(join(cwd, 'out-2020')), 'data', 'ecosystem_employment.csv'),
      'utf8',
    );
    const years = new Set(
      csv
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[1]),
    );
    expect([...years]).toEqual(['2020']);
  });

  it('refresh --live: fetches the Eurostat sources from EUROSTAT_BASE_URL and publishes', async () => {
    const sample = join(ROOT, 'data', 'sample');
    const toc = join(cwd, 'toc.txt');
    const dates = {
      lfsa_egan22d: ['01.12.2026', '01.12.2026'],
      lfst_r_lfe2en2: ['01.12.2026', '01.12.2026'],
      lfst_r_lfe2emp: ['01.12.2026', '01.12.2026'],
    } as Record<string, [string, string]>;
    await writeFile(toc, catalogueText(dates));
    let eurostat: FakeEurostat | undefined;
    try {
      eurostat = await fakeEurostat({
        catalogue: { file: toc },
        datasets: {
          lfsa_egan22d: { tsv: { file: join(sample, 'eurostat', 'synthetic_lfsa_egan22d.tsv.gz') } },
          lfst_r_lfe2en2: {
            tsv: { file: join(sample, 'eurostat', 'synthetic_lfst_r_lfe2en2_nace2d.tsv.gz') },
          },
          lfst_r_lfe2emp: { tsv: { file: join(sample, 'eurostat', 'lfst_r_lfe2emp.tsv') } },
        },
      });
      const input = join(cwd, 'live-input');
      await mkdir(join(input, 'policy'), { recursive: true });
      await cp(join(sample, 'pipeline.config.json'), join(input, 'pipeline.config.json'));
      await cp(join(sample, 'policy', 'BE.json'), join(input, 'policy', 'BE.json'));
      const line = shown(CMD.live)
        .replace('--out DIR', '--out ./out-live')
        .replace('[--input DIR]', '--input ./live-input')
        .replace(/ \[--force\] \[--accept-structure-change\]$/, '');
      const { stdout, stderr } = await sh(line, { EUROSTAT_BASE_URL: eurostat.baseUrl });
      expect(stdout).toMatch(/^published /m);
      expect(stderr).not.toMatch(/MaxListenersExceededWarning/);
      expect(eurostat.requests.some((r) => r.path.includes('lfsa_egan22d'))).toBe(true);
    } finally {
      await eurostat?.close();
    }
  });

  describe('pull, then verify, from each kind of source', () => {
    const sources: Array<[string, () => string, () => NodeJS.ProcessEnv]> = [
      ['the output folder', () => './out', () => ({})],
      ['a web server (node:http) of the output folder', () => web.baseUrl, () => ({})],
      ['the bucket (s3rver), with awscli-style credentials', () => `s3://${bucket}`, s3Env],
    ];
    it.each(sources)('%s', async (_kind, source, env) => {
      const line = shownCommands()
        .map((c) => c.text)
        .find(
          (t) =>
            t.startsWith('npx eucluster pull ') && t.endsWith(' --dest ./snapshot') && !t.includes('OUT_OR'),
        )
        ?.replace(/^npx eucluster pull \S+/, `npx eucluster pull ${source()}`)
        .replace('./snapshot', './snapshot-pulled');
      if (!line) throw new Error('the docs show no `pull … --dest ./snapshot` line');
      const pulled = await sh(line, env());
      expect(pulled.stdout).toContain(second);
      const manifest = JSON.parse(await readFile(join(cwd, 'snapshot-pulled', 'datapackage.json'), 'utf8'));
      expect(manifest.version).toBe(second);
      const verified = await sh(
        shown(/^npx eucluster verify \.\/snapshot$/).replace('./snapshot', './snapshot-pulled'),
      );
      expect(verified.stdout).toMatch(/ok|verified/i);
    });

    it('pull --version: an older version, verified', async () => {
      const line = shown(CMD.pullVersion)
        .replace('<BucketName>', bucket)
        .replace(/--version \S+/, `--version ${first}`);
      await sh(line, s3Env());
      const manifest = JSON.parse(await readFile(join(cwd, 'snapshot-old', 'datapackage.json'), 'utf8'));
      expect(manifest.version).toBe(first);
      await sh(`npx eucluster verify ./snapshot-old`);
    });

    it('aws s3 sync of one version, then verify', async () => {
      const line = shown(CMD.sync)
        .replace('<BucketName>', bucket)
        .replace(/snapshots\/\S+\//, `snapshots/${second}/`)
        .replace(/^aws /, `${AWS_CLI} --endpoint-url ${inject('s3Endpoint')} `);
      await sh(line, s3Env());
      const verified = await sh(shown(/^npx eucluster verify \.\/snapshot-synced$/));
      expect(verified.stdout).toMatch(/ok|verified/i);
    });

    it('verify refuses a folder whose file was changed, naming it', async () => {
      await cp(join(out, 'snapshots', second), join(cwd, 'snapshot-tampered'), { recursive: true });
      await writeFile(join(cwd, 'snapshot-tampered', 'data', 'maturity.csv'), 'tampered\n');
      await expect(sh('npx eucluster verify ./snapshot-tampered')).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/data\/maturity\.csv/),
      });
    });
  });

  it('verify: a version folder of the output directory', async () => {
    const { stdout } = await sh(`npx eucluster verify ./out/snapshots/${second}`);
    expect(stdout).toMatch(/ok|verified/i);
  });

  it('diff: for people, and as the changes document', async () => {
    const people = await sh(
      shown(/^npx eucluster diff <older version> <newer version> --out \.\/out$/)
        .replace('<older version>', first)
        .replace('<newer version>', second),
    );
    expect(people.stdout).toContain(`${second} against ${first}`);
    expect(people.stdout).toMatch(/reason: forced, identical content/);
    const json = await sh(shown(/--out \.\/out --json$/).replace('<older version>', first));
    const changes = JSON.parse(json.stdout);
    expect(changes.version).toBe(second);
    expect(
      changes.tables.every(
        (t: { added: number; removed: number; changed: number }) => t.added + t.removed + t.changed === 0,
      ),
    ).toBe(true);
  });

  it('rebuild: recomputes the published version byte for byte', async () => {
    const { stdout } = await sh(
      shown(/^npx eucluster rebuild <version> --out \.\/out$/).replace('<version>', first),
    );
    expect(stdout).toMatch(/identical/i);
  });

  it('--help: names every command', async () => {
    const { stdout } = await sh(shown(/^npx eucluster --help$/));
    for (const command of ['refresh', 'rebuild', 'pull', 'verify', 'diff', 'pdf'])
      expect(stdout).toContain(command);
  });

  it('pdf: the Belgian page as a PDF whose text holds its snapshot version and Belgium', async () => {
    await sh(shown(/^npx eucluster pdf /).replace('<version>', second));
    const { stdout } = await run('pdftotext', [join(cwd, 'BE.pdf'), '-']);
    expect(stdout).toContain('Belgium');
    expect(stdout).toContain(second);
  });

  describe('reading the tables', () => {
    let db: DuckDBInstance;
    let connection: Awaited<ReturnType<DuckDBInstance['connect']>>;
    beforeAll(async () => {
      await cp(join(out, 'snapshots', second), join(cwd, 'snapshot'), { recursive: true });
      db = await DuckDBInstance.create(':memory:');
      connection = await db.connect();
    });
    afterAll(() => {
      connection?.closeSync();
      db?.closeSync();
    });
    const topNodes = () =>
      readFileSync(join(cwd, 'snapshot', 'data', 'location_quotients.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','))
        .filter((c) => c[7] === 'true' && c[2] === 'nace')
        .map((c) => ({ region: c[0], activity: c[3], lq: Number(c[6]) }))
        .sort((a, b) => b.lq - a.lq)
        .slice(0, 10);

    it('the DuckDB one-liner: the ten strongest NACE nodes, as the CSV has them', async () => {
      const sql = shown(/^duckdb -c "/)
        .slice('duckdb -c "'.length, -1)
        .replaceAll("'snapshot/", `'${cwd}/snapshot/`);
      const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
      const expected = topNodes();
      expect(expected.length).toBe(10);
      expect(rows.map((r) => [r.region, r.activity, r.lq])).toEqual(
        expected.map((n) => [n.region, n.activity, n.lq]),
      );
    });

    it('the pandas one-liner (Debian python3-pandas): the same ten nodes', async (ctx) => {
      const hasPandas = await run(PYTHON, ['-c', 'import pandas']).then(
        () => true,
        () => false,
      );
      // CI installs python3-pandas (.ci/run); on a developer's machine without it, this one says so and stops.
      if (!hasPandas && !process.env.CI) ctx.skip();
      const { stdout } = await sh(shown(/^python3 -c "import pandas/).replace(/^python3 /, `${PYTHON} `));
      const printed = stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.trim().split(/\s+/).slice(1, 3));
      expect(printed).toEqual(topNodes().map((n) => [n.region, n.activity]));
    });

    it('the Athena examples of docs/athena.md, with DuckDB over the bucket layout', async () => {
      await createAthenaViews(connection, out);
      expect(DOC_QUERIES.size).toBeGreaterThanOrEqual(4);
      for (const title of DOC_QUERIES.keys()) {
        const rows = (
          await connection.runAndReadAll(docQuery(title, { latest: second, earlier: first }))
        ).getRowObjectsJS();
        expect(rows.length, title).toBeGreaterThan(0);
      }
    });
  });
});
