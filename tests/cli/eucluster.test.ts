import { execFile, spawnSync } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { changesSchema } from '../../lib/snapshot/changes.ts';
import { catalogueText } from '../helpers/catalogue.ts';
import { fakeEurostat } from '../helpers/fakeEurostat.ts';
import { MINI_NATIONAL, MINI_REGIONAL, miniInput, tempDir } from '../helpers/miniInput.ts';
import { listSnapshotDir, readJson } from '../helpers/snapshots.ts';
import { twoVersions } from './pullSupport.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const execFileAsync = promisify(execFile);

function eucluster(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'eucluster.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('eucluster refresh', () => {
  it('publishes the bundled sample, labels it synthetic and prints the Belgian and EU27 summary', () => {
    const r = eucluster(
      'refresh',
      '--input',
      join(ROOT, 'data', 'sample'),
      '--out',
      join(ROOT, 'out', 'test-cli'),
      '--force',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/computed from SYNTHETIC sample data/);
    expect(r.stdout).toMatch(/^BE \(\d{4}\)$/m);
    expect(r.stdout).toMatch(/^ {4}BE1 \d+: /m);
    expect(r.stdout).toMatch(/^EU27_2020 \(\d{4}\)$/m);
    expect(r.stdout).toMatch(
      /policy maturity \(2022-09-30\): scope 2 \+ continuity 2 \+ evidence 1 \+ instruments 2 = 7 of 8/,
    );
    expect(r.stdout).toMatch(/^published \d{8}T\d{9}Z-[0-9a-f]{12}/m);
  });

  it('reports "unchanged" with exit 0 on a second run over the same inputs', async () => {
    const input = await miniInput();
    const out = await tempDir();
    expect(eucluster('refresh', '--input', input, '--out', out).code).toBe(0);
    const second = eucluster('refresh', '--input', input, '--out', out);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^unchanged: /m);
  });

  it('exits 1 with the file, line and reason on bad input, and publishes nothing', async () => {
    const input = await miniInput({
      regional: [...MINI_REGIONAL, 'A,THS_PER,T,Y_GE15,Q86,BE22\tabc \t1.0 '],
    });
    const out = await tempDir();
    const r = eucluster('refresh', '--input', input, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/eurostat\/lfst_r_lfe2en2\.tsv:14 field "2022": "abc" is not a number/);
    expect(r.stderr).toMatch(/No snapshot was published/);
    expect(await listSnapshotDir(out)).toEqual([]);
  });

  it('exits 2 on a usage error', () => {
    const r = eucluster('refresh', '--out', '/tmp/nowhere');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/give --input <dir>, --live, or both/);
  });

  it('exits 2 on an invalid year', () => {
    expect(eucluster('refresh', '--input', 'x', '--out', 'y', '--year', '21').code).toBe(2);
  });

  it('prints no progress bars when not on a terminal', async () => {
    const r = eucluster('refresh', '--input', await miniInput(), '--out', await tempDir());
    expect(r.stderr).toBe('');
  });
});

describe('eucluster refresh --no-pages', () => {
  it('publishes the tables, changes and manifest without pages or figures; pull and verify accept it', async () => {
    const input = await miniInput();
    const out = await tempDir();
    const r = eucluster('refresh', '--input', input, '--out', out, '--no-pages');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^factsheet /m);
    const [version] = await listSnapshotDir(out).then((v) =>
      v.filter((x) => x !== 'latest.json' && x !== 'index.json'),
    );
    const dir = join(out, 'snapshots', version as string);
    expect((await readdir(dir)).sort()).toEqual(['changes.json', 'data', 'datapackage.json', 'parquet']);
    const manifest = await readJson<{ 'eucluster:files': Array<{ path: string }> }>(
      join(dir, 'datapackage.json'),
    );
    expect(manifest['eucluster:files'].map((f) => f.path)).toEqual(['changes.json']);
    expect(eucluster('verify', dir).code).toBe(0);
    const dest = join(await tempDir(), 'snapshot');
    expect(eucluster('pull', out, '--dest', dest).stdout).toMatch(new RegExp(`^pulled ${version}: `, 'm'));
  });

  it('leaves a later run with pages "unchanged" on the same inputs, saying --force publishes them', async () => {
    const input = await miniInput();
    const out = await tempDir();
    expect(eucluster('refresh', '--input', input, '--out', out, '--no-pages').code).toBe(0);
    const again = eucluster('refresh', '--input', input, '--out', out);
    expect(again.stdout).toMatch(/^unchanged: /m);
    expect(again.stdout).toMatch(/has no pages \(--no-pages\); --force publishes a version with them$/m);
    const forced = eucluster('refresh', '--input', input, '--out', out, '--force');
    expect(forced.code).toBe(0);
    const latest = await readJson<{ version: string }>(join(out, 'snapshots', 'latest.json'));
    const pages = await readdir(join(out, 'snapshots', latest.version, 'pages'));
    expect(pages).toContain('index.html');
  });
});

describe('eucluster refresh --live', () => {
  it('fetches from EUROSTAT_BASE_URL, then reports unchanged after only the catalogue request', async () => {
    const catalogue = catalogueText({
      lfsa_egan22d: ['20.11.2026', '01.02.2024'],
      lfst_r_lfe2en2: ['20.11.2026', '01.02.2024'],
    });
    const server = await fakeEurostat({
      catalogue,
      datasets: {
        lfsa_egan22d: { tsv: `${MINI_NATIONAL.join('\n')}\n` },
        lfst_r_lfe2en2: { tsv: `${MINI_REGIONAL.join('\n')}\n` },
      },
    });
    try {
      const out = await tempDir();
      const env = { ...process.env, CI: 'true', EUROSTAT_BASE_URL: server.baseUrl };
      const run = () =>
        execFileAsync(
          process.execPath,
          [join(ROOT, 'bin', 'eucluster.mjs'), 'refresh', '--live', '--out', out],
          {
            cwd: ROOT,
            env,
          },
        );
      const first = await run();
      expect(first.stdout).toMatch(/^lfsa_egan22d: fetched \(never fetched\)$/m);
      expect(first.stdout).toMatch(/^published /m);
      server.reset();
      const second = await run();
      expect(second.stdout).toMatch(/^unchanged: /m);
      expect(server.requests.map((r) => r.path)).toEqual(['/api/dissemination/catalogue/toc/txt']);
    } finally {
      await server.close();
    }
  });
});

describe('eucluster pull, verify and diff', () => {
  it('pulls the latest snapshot of an output directory and verifies it, exit 0', async () => {
    const { out, newer } = await twoVersions();
    const dest = join(await tempDir(), 'snapshot');
    const pulled = eucluster('pull', out, '--dest', dest);
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toMatch(new RegExp(`^pulled ${newer}: 26 files, \\d+ bytes, verified$`, 'm'));
    const verified = eucluster('verify', dest);
    expect(verified.stdout).toBe(
      `verified ${newer}: 26 files, ${pulled.stdout.match(/(\d+) bytes/)?.[1]} bytes\n`,
    );
    expect(verified.code).toBe(0);
  });

  it('exits 1 with one line naming the tampered file and both hashes, and no stack trace', async () => {
    const { out, newer } = await twoVersions();
    const dir = join(out, 'snapshots', newer);
    await writeFile(join(dir, 'data', 'regions.csv'), 'tampered\n');
    const r = eucluster('verify', dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: .*data\/regions\.csv expected sha256:[0-9a-f]{64}, found sha256:[0-9a-f]{64}\n$/,
    );
  });

  it('exits 2 when pull is given no --dest', () => {
    expect(eucluster('pull', 's3://bucket').code).toBe(2);
  });

  it('prints the changes document of two versions with --json', async () => {
    const { out, older, newer } = await twoVersions();
    const r = eucluster('diff', older, newer, '--out', out, '--json');
    expect(r.code).toBe(0);
    expect(changesSchema.parse(JSON.parse(r.stdout))).toMatchObject({ version: newer, previous: older });
  });
});
