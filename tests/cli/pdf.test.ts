import { execFile, spawnSync } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChromiumMissingError, findChromium, printPdfs } from '../../lib/cli/pdf.ts';
import { parseCsvRecords } from '../../lib/csv/csvRecords.ts';
import { tempDir } from '../helpers/miniInput.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

function eucluster(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'eucluster.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A table of the snapshot, as records keyed by column. */
async function table(snapshot: string, name: string): Promise<Record<string, string>[]> {
  const file = join(snapshot, 'data', `${name}.csv`);
  return parseCsvRecords(await readFile(file, 'utf8'), file, []).map((r) => r.values);
}

/** The bundled sample published by the CLI, as a reader of the output folder finds it. */
let snapshot: string;

beforeAll(async () => {
  const out = await tempDir();
  const r = eucluster(['refresh', '--input', join(ROOT, 'data', 'sample'), '--out', out, '--force']);
  expect(r.code).toBe(0);
  const [version] = await readdir(join(out, 'snapshots'), { withFileTypes: true }).then((es) =>
    es.filter((e) => e.isDirectory()).map((e) => e.name),
  );
  snapshot = join(out, 'snapshots', version as string);
}, 300_000);

describe('eucluster pdf', () => {
  it("writes BE.pdf, A4, whose text holds the numbers of its snapshot's tables", async () => {
    const dest = await tempDir('eucluster-pdf-');
    const r = eucluster(['pdf', snapshot, '--countries', 'BE', '--out', dest]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.trim()).toBe(`wrote ${join(dest, 'BE.pdf')}`);
    const pdf = join(dest, 'BE.pdf');
    const info = (await run('pdfinfo', [pdf])).stdout;
    expect(info).toMatch(/Page size:.*\(A4\)/);
    const text = (await run('pdftotext', ['-layout', pdf, '-'])).stdout.replace(/\s+/g, ' ');
    const manifest = JSON.parse(await readFile(join(snapshot, 'datapackage.json'), 'utf8'));
    expect(text).toContain(manifest.version);
    const year = String(manifest.latestYear);
    const top = (await table(snapshot, 'ecosystem_employment')).find(
      (r) => r.geo === 'BE' && r.year === year && r.rank === '1',
    );
    expect(text).toContain(`“${top?.ecosystem}” (${(Number(top?.share) * 100).toFixed(1)} %)`);
    const maturity = (await table(snapshot, 'maturity')).find((r) => r.country === 'BE');
    expect(text).toMatch(new RegExp(`Total 8 ${Number(maturity?.total)}\\b`));
    const be1 = (await table(snapshot, 'region_nodes')).find(
      (r) => r.region === 'BE1' && r.level === 'nace' && r.year === year,
    );
    expect(text).toMatch(new RegExp(`Brussels[^0-9]*? ${be1?.node_count} `));
  });

  it('prints every country page and the overview, not the index, without --countries', async () => {
    // A folder with two of the snapshot's pages, so that the test prints two PDFs, not thirty.
    const few = await tempDir('eucluster-pages-');
    await mkdir(join(few, 'pages'));
    for (const p of ['index.html', 'overview.html', 'BE.html'])
      await copyFile(join(snapshot, 'pages', p), join(few, 'pages', p));
    const dest = await tempDir('eucluster-pdf-');
    const written = await printPdfs({ snapshotDir: few, out: dest, chromium: '/usr/bin/chromium' });
    expect(written).toEqual([join(dest, 'BE.pdf'), join(dest, 'overview.pdf')]);
    expect((await run('pdftotext', [join(dest, 'overview.pdf'), '-'])).stdout).toContain('EU overview');
  }, 300_000);

  it('names the missing page when a country is not in the snapshot, and exits 1', () => {
    const r = eucluster(['pdf', snapshot, '--countries', 'XX', '--out', ROOT]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `error: ${join(snapshot, 'pages', 'XX.html')} not found: no page for XX in this snapshot`,
    );
  });

  it('says in one line what to install when there is no Chromium, and exits 1', () => {
    const r = eucluster(['pdf', snapshot], { EUCLUSTER_CHROMIUM: '/nonexistent/chromium' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${new ChromiumMissingError().message}\n`);
    expect(r.stderr).toMatch(/apt-get install chromium/);
  });
});

describe('findChromium', () => {
  it('finds a Chromium on PATH', async () => {
    expect(await findChromium({ PATH: '/nonexistent:/usr/bin' }, [])).toBe('/usr/bin/chromium');
  });

  it('finds one at a usual install path when PATH has none', async () => {
    expect(await findChromium({ PATH: '/nonexistent' }, ['/nonexistent/chrome', '/usr/bin/chromium'])).toBe(
      '/usr/bin/chromium',
    );
  });

  it('takes EUCLUSTER_CHROMIUM first, and finds none when it is not there', async () => {
    expect(await findChromium({ EUCLUSTER_CHROMIUM: '/usr/bin/chromium', PATH: '' }, [])).toBe(
      '/usr/bin/chromium',
    );
    expect(await findChromium({ EUCLUSTER_CHROMIUM: '/nonexistent', PATH: '/usr/bin' })).toBeNull();
  });

  it('finds none on a machine without one', async () => {
    expect(await findChromium({ PATH: '/nonexistent' }, [])).toBeNull();
  });
});
