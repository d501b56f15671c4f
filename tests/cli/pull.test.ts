import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { pull } from '../../lib/cli/pull.ts';
import { directorySource, httpSource } from '../../lib/cli/snapshotSources.ts';
import { verifySnapshot } from '../../lib/cli/verify.ts';
import { freshStorage, LOCAL_CREDENTIALS } from '../helpers/localAws.ts';
import { tempDir } from '../helpers/miniInput.ts';
import { readJson, sha256 } from '../helpers/snapshots.ts';
import { type StaticServer, staticServer } from '../helpers/staticServer.ts';
import { filesIn, twoVersions } from './pullSupport.ts';

const ROOT = join(import.meta.dirname, '..', '..');
let server: StaticServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const dest = async () => join(await tempDir('eucluster-pull-'), 'snapshot');

describe('pull', () => {
  it('downloads the latest version of a local output directory, byte for byte, and verify accepts it', async () => {
    const { out, newer } = await twoVersions();
    const into = await dest();
    const report = await pull(directorySource(out), { dest: into });
    expect(report.version).toBe(newer);
    const published = join(out, 'snapshots', newer);
    expect(await filesIn(into)).toEqual(await filesIn(published));
    for (const f of await filesIn(into)) {
      expect((await readFile(join(into, f))).equals(await readFile(join(published, f)))).toBe(true);
    }
    expect((await verifySnapshot(into)).version).toBe(newer);
  });

  it('downloads from a web server (node:http) serving an output directory', async () => {
    const { out, newer } = await twoVersions();
    server = await staticServer(out);
    const into = await dest();
    await pull(httpSource(server.baseUrl), { dest: into });
    expect(server.requests).toContain(`snapshots/${newer}/changes.json`);
    expect(await filesIn(into)).toEqual(await filesIn(join(out, 'snapshots', newer)));
  });

  it('downloads an older version, checking its manifest against the hash index.json records', async () => {
    const { out, older } = await twoVersions();
    const into = await dest();
    const report = await pull(directorySource(out), { dest: into, version: older });
    expect(report.version).toBe(older);
    expect(report.note).toBeUndefined();
    expect((await readJson<{ version: string }>(join(into, 'datapackage.json'))).version).toBe(older);
  });

  it('replaces a folder holding an older version whole: no file of the older version remains', async () => {
    const { out, older, newer } = await twoVersions();
    const into = await dest();
    await pull(directorySource(out), { dest: into, version: older });
    await writeFile(join(into, 'data', 'left-over.csv'), 'from before\n');
    await pull(directorySource(out), { dest: into });
    expect(await filesIn(into)).toEqual(await filesIn(join(out, 'snapshots', newer)));
    expect((await readJson<{ version: string }>(join(into, 'datapackage.json'))).version).toBe(newer);
  });

  it('refuses a tampered file, naming it with the expected and found hashes, and leaves the folder as it was', async () => {
    const { out, older, newer } = await twoVersions();
    const into = await dest();
    await pull(directorySource(out), { dest: into, version: older });
    const tampered = join(out, 'snapshots', newer, 'data', 'location_quotients.csv');
    const manifest = await readJson<{ resources: Array<{ path: string; hash: string }> }>(
      join(out, 'snapshots', newer, 'datapackage.json'),
    );
    const expected = manifest.resources.find((r) => r.path === 'data/location_quotients.csv')?.hash;
    await writeFile(tampered, 'region,year\nXX,1999\n');
    const error = await pull(directorySource(out), { dest: into }).catch((e: Error) => e);
    expect((error as Error).message).toContain(
      `data/location_quotients.csv expected ${expected}, found sha256:${sha256('region,year\nXX,1999\n')}`,
    );
    expect((await readJson<{ version: string }>(join(into, 'datapackage.json'))).version).toBe(older);
  });

  it("refuses a manifest that does not match latest.json's manifestHash", async () => {
    const { out, newer } = await twoVersions();
    const path = join(out, 'snapshots', newer, 'datapackage.json');
    // Still valid JSON describing the same version: one byte more.
    await writeFile(path, `${await readFile(path, 'utf8')} `);
    const error = await pull(directorySource(out), { dest: await dest() }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /datapackage\.json does not match latest\.json: expected sha256:[0-9a-f]{64}, found/,
    );
  });

  it('resumes an interrupted pull, keeping the files already downloaded with the right hash', async () => {
    const { out, newer } = await twoVersions();
    server = await staticServer(out);
    const into = await dest();
    server.cutOnce(`snapshots/${newer}/parquet/region_nodes/region_nodes.parquet`);
    await expect(pull(httpSource(server.baseUrl), { dest: into })).rejects.toThrow(/region_nodes\.parquet/);
    const asked = server.requests.length;
    const report = await pull(httpSource(server.baseUrl), { dest: into });
    const second = server.requests.slice(asked);
    expect(report.kept).toBeGreaterThan(0);
    expect(second).not.toContain(`snapshots/${newer}/data/ecosystem_employment.csv`);
    expect(second).toContain(`snapshots/${newer}/parquet/region_nodes/region_nodes.parquet`);
    expect(await filesIn(into)).toEqual(await filesIn(join(out, 'snapshots', newer)));
  });

  it('refuses to replace a folder that holds something other than a snapshot', async () => {
    const { out } = await twoVersions();
    const into = await dest();
    await mkdir(into);
    await writeFile(join(into, 'notes.txt'), 'mine\n');
    await expect(pull(directorySource(out), { dest: into })).rejects.toThrow(
      /is not empty and holds no datapackage\.json/,
    );
    expect(await readFile(join(into, 'notes.txt'), 'utf8')).toBe('mine\n');
  });
});

describe('eucluster pull s3://', () => {
  it('downloads from a bucket (s3rver) with the standard credentials and AWS_ENDPOINT_URL_S3', async () => {
    const { out, newer } = await twoVersions();
    const { bucket } = await freshStorage();
    for (const f of await filesIn(join(out, 'snapshots'))) {
      await bucket.put(`published/snapshots/${f}`, await readFile(join(out, 'snapshots', f)));
    }
    const into = await dest();
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'eucluster.mjs'), 'pull', `s3://${bucket.name}/published`, '--dest', into],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ...LOCAL_CREDENTIALS, AWS_ENDPOINT_URL_S3: inject('s3Endpoint'), CI: 'true' },
        timeout: 120_000,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^pulled ${newer}: 26 files, \\d+ bytes, verified$`, 'm'));
    expect(await filesIn(into)).toEqual(await filesIn(join(out, 'snapshots', newer)));
  });
});
