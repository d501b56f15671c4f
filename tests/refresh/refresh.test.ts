import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../lib/errors.ts';
import { FsRawStore } from '../../lib/fs/fsRawStore.ts';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { refresh } from '../../lib/refresh/refresh.ts';
import type { Manifest } from '../../lib/snapshot/manifest.ts';
import type { LatestPointer } from '../../lib/stores/snapshotStore.ts';
import { MINI_NATIONAL, MINI_REGIONAL, miniInput, tempDir } from '../helpers/miniInput.ts';
import { listSnapshotDir, readJson, sha256 } from '../helpers/snapshots.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const LATER = new Date('2026-03-02T12:00:00Z');

async function run(input: string, out: string, options: { now?: Date; force?: boolean; code?: string } = {}) {
  return refresh({
    inputs: await loadInputDirectory(input),
    store: new FsSnapshotStore(out),
    now: options.now ?? NOW,
    codeVersion: options.code ?? 'test+1',
    force: options.force ?? false,
  });
}

describe('refresh', () => {
  describe('publishing', () => {
    it('publishes a snapshot whose manifest lists every file with its size and sha256', async () => {
      const out = await tempDir();
      const outcome = await run(await miniInput(), out);
      expect(outcome.status).toBe('published');
      const dir = join(out, 'snapshots', outcome.version);
      const manifest = await readJson<Manifest>(join(dir, 'datapackage.json'));
      const tables = [
        'activities',
        'cluster_organisations',
        'cooperation',
        'country_nodes',
        'ecosystem_employment',
        'ecosystems',
        'location_quotients',
        'maturity',
        'member_composition',
        'node_history',
        'region_nodes',
        'regions',
      ];
      expect(manifest.resources.map((r) => r.path).sort()).toEqual([
        ...tables.map((t) => `data/${t}.csv`),
        ...tables.map((t) => `parquet/${t}/${t}.parquet`),
      ]);
      for (const resource of manifest.resources) {
        const bytes = await readFile(join(dir, resource.path));
        expect(resource.bytes).toBe(bytes.length);
        expect(resource.hash).toBe(`sha256:${sha256(bytes)}`);
      }
    });

    it('points latest.json at the new version, with the manifest hash', async () => {
      const out = await tempDir();
      const outcome = await run(await miniInput(), out);
      const latest = await readJson<LatestPointer>(join(out, 'snapshots', 'latest.json'));
      expect(latest.version).toBe(outcome.version);
      const manifestBytes = await readFile(join(out, latest.manifest));
      expect(latest.manifestHash).toBe(`sha256:${sha256(manifestBytes)}`);
    });

    it('records every input with its hash, and the code version', async () => {
      const input = await miniInput();
      const out = await tempDir();
      const outcome = await run(input, out);
      const manifest = await readJson<Manifest>(join(out, 'snapshots', outcome.version, 'datapackage.json'));
      const national = manifest['eucluster:inputs'].find((s) => s.role === 'nationalByDivision');
      const raw = await readFile(join(input, 'eurostat', 'lfsa_egan22d.tsv'));
      expect(national).toMatchObject({
        name: 'lfsa_egan22d',
        bytes: raw.length,
        hash: `sha256:${sha256(raw)}`,
      });
      expect(manifest['eucluster:inputs'].map((s) => s.role)).toEqual(
        expect.arrayContaining(['config', 'regionalByActivity', 'mapping', 'classification']),
      );
      expect(manifest.code.version).toBe('test+1');
    });

    it('uses a version id that sorts by time and carries the fingerprint', async () => {
      const out = await tempDir();
      const outcome = await run(await miniInput(), out);
      const manifest = await readJson<Manifest>(join(out, 'snapshots', outcome.version, 'datapackage.json'));
      expect(outcome.version).toBe(`20260301T120000000Z-${manifest.fingerprint.slice(0, 12)}`);
    });

    it('still publishes without ECCP or policy files, and says which tables are empty', async () => {
      const out = await tempDir();
      const outcome = await run(await miniInput(), out);
      if (outcome.status !== 'published') throw new Error('expected a publication');
      const messages = outcome.notices.map((n) => n.message).join('\n');
      expect(messages).toMatch(/cluster_organisations and member_composition are empty/);
      expect(messages).toMatch(/maturity is empty/);
    });
  });

  describe('formats', () => {
    /** MINI_NATIONAL's rows in Eurostat's SDMX-CSV layout: one row per series and period. */
    function nationalAsSdmxCsv(): string {
      const [header, ...rows] = MINI_NATIONAL;
      const periods = (header as string)
        .split('\t')
        .slice(1)
        .map((p) => p.trim());
      const out = ['DATAFLOW,LAST UPDATE,freq,unit,sex,age,nace_r2,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG'];
      for (const row of rows) {
        const [key, ...cells] = row.split('\t');
        cells.forEach((cell, i) => {
          const [value, flag = ''] = cell.split(' ');
          out.push(`ESTAT:LFSA_EGAN22D(1.0),01/03/26 11:00:00,${key},${periods[i]},${value},${flag}`);
        });
      }
      return `${out.join('\n')}\n`;
    }

    it('computes the same tables from a source given as SDMX-CSV as from TSV', async () => {
      const fromTsv = await run(await miniInput(), await tempDir());
      const sdmxInput = await miniInput({ extra: { 'eurostat/lfsa_egan22d.csv': nationalAsSdmxCsv() } });
      await rm(join(sdmxInput, 'eurostat', 'lfsa_egan22d.tsv'));
      const fromSdmx = await run(sdmxInput, await tempDir());
      if (fromTsv.status !== 'published' || fromSdmx.status !== 'published')
        throw new Error('expected publications');
      expect(fromSdmx.tables.ecosystemEmployment).toEqual(fromTsv.tables.ecosystemEmployment);
      expect(fromSdmx.tables.locationQuotients.rows()).toEqual(fromTsv.tables.locationQuotients.rows());
    });
  });

  describe('re-runs', () => {
    it('reports unchanged and writes nothing when inputs and code are the same', async () => {
      const input = await miniInput();
      const out = await tempDir();
      const first = await run(input, out);
      const before = await readFile(join(out, 'snapshots', 'latest.json'), 'utf8');
      const second = await run(input, out, { now: LATER });
      expect(second).toMatchObject({ status: 'unchanged', version: first.version });
      expect(await listSnapshotDir(out)).toEqual([first.version, 'index.json', 'latest.json'].sort());
      expect(await readFile(join(out, 'snapshots', 'latest.json'), 'utf8')).toBe(before);
    });

    it('publishes a new version when forced', async () => {
      const input = await miniInput();
      const out = await tempDir();
      const first = await run(input, out);
      const second = await run(input, out, { now: LATER, force: true });
      expect(second.status).toBe('published');
      expect(second.version).not.toBe(first.version);
      const index = await readJson<{ versions: { version: string }[] }>(join(out, 'snapshots', 'index.json'));
      expect(index.versions.map((v) => v.version)).toEqual([second.version, first.version]);
    });

    it('publishes a new version when the code changes', async () => {
      const input = await miniInput();
      const out = await tempDir();
      await run(input, out);
      const second = await run(input, out, { now: LATER, code: 'test+2' });
      expect(second.status).toBe('published');
    });

    it('computes identical tables and fingerprint from the same inputs in another store', async () => {
      const input = await miniInput();
      const a = await run(input, await tempDir());
      const b = await run(input, await tempDir(), { now: LATER });
      if (a.status !== 'published' || b.status !== 'published') throw new Error('expected publications');
      expect(b.version.slice(-12)).toBe(a.version.slice(-12));
      expect(b.tables).toEqual(a.tables);
    });
  });

  describe('bad input', () => {
    const cases: Array<[string, string[], RegExp]> = [
      [
        'a malformed line',
        [...MINI_REGIONAL.slice(0, 3), 'A,THS_PER,T,Y_GE15,C21,BE22\t4.0 ', ...MINI_REGIONAL.slice(3)],
        /lfst_r_lfe2en2\.tsv:4: expected 3 tab-separated fields/,
      ],
      [
        'an unknown NACE code',
        [...MINI_REGIONAL, 'A,THS_PER,T,Y_GE15,C99,BE10\t1.0 \t1.0 '],
        /lfst_r_lfe2en2\.tsv:14 field "nace_r2": unknown NACE Rev\. 2 code "C99"/,
      ],
      [
        'a negative value',
        [
          ...MINI_REGIONAL.slice(0, 5),
          'A,THS_PER,T,Y_GE15,J61,BE10\t-20.0 \t20.0 ',
          ...MINI_REGIONAL.slice(6),
        ],
        /lfst_r_lfe2en2\.tsv:6 field "2022": negative employment -20\.0/,
      ],
      [
        'a missing column (dimension named in the filters)',
        [
          'freq,unit,age,nace_r2,geo\\TIME_PERIOD\t2022 \t2023 ',
          ...MINI_REGIONAL.slice(1).map((l) => l.replace(',T,', ',')),
        ],
        /lfst_r_lfe2en2\.tsv:1 field "sex": dimension "sex" \(filter\) is not in the file/,
      ],
    ];

    for (const [what, regional, message] of cases) {
      it(`stops on ${what}, names file, line and field, and publishes nothing`, async () => {
        const out = await tempDir();
        const good = await run(await miniInput(), out);
        const latestBefore = await readFile(join(out, 'snapshots', 'latest.json'), 'utf8');
        const bad = await miniInput({ regional, national: MINI_NATIONAL });
        const error = await run(bad, out, { now: LATER, code: 'test+2' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InputError);
        expect((error as Error).message).toMatch(message);
        expect(await listSnapshotDir(out)).toEqual([good.version, 'index.json', 'latest.json'].sort());
        expect(await readFile(join(out, 'snapshots', 'latest.json'), 'utf8')).toBe(latestBefore);
      });
    }
  });

  describe('archiving the inputs', () => {
    /** An archive on disk that notes when each copy starts, beside the run's own progress messages. */
    class NotingArchive extends FsRawStore {
      constructor(
        root: string,
        readonly events: string[],
        readonly failWith?: Error,
      ) {
        super(root);
      }
      override async keep(hash: string, path: string, body: () => AsyncIterable<Buffer>): Promise<string> {
        this.events.push(`keep ${path}`);
        if (this.failWith) throw this.failWith;
        return super.keep(hash, path, body);
      }
    }
    const archived = async (out: string) =>
      (await readdir(join(out, 'raw'), { recursive: true }).catch(() => [])).map(String);
    const archivedRun = async (input: string, out: string, archive: FsRawStore, events: string[]) =>
      refresh({
        inputs: await loadInputDirectory(input),
        store: new FsSnapshotStore(out),
        now: NOW,
        codeVersion: 'test+1',
        archive,
        progress: { step: () => ({ advance: () => {}, done: () => {} }), info: (m) => events.push(m) },
      });

    it('copies the inputs into the archive while the tables are computed, and publishes once they are kept', async () => {
      const out = await tempDir();
      const events: string[] = [];
      const outcome = await archivedRun(await miniInput(), out, new NotingArchive(out, events), events);
      expect(outcome.status).toBe('published');
      expect(events.findIndex((e) => e.startsWith('keep '))).toBeLessThan(events.indexOf('computing'));
      expect(events.at(-1)).toMatch(/^publishing /);
      expect((await archived(out)).some((f) => f.endsWith('.tsv'))).toBe(true);
    });

    it("reports the computation's error when the inputs are bad, with no half-written copy left in the archive", async () => {
      const out = await tempDir();
      const bad = await miniInput({
        regional: [...MINI_REGIONAL, 'A,THS_PER,T,Y_GE15,C99,BE10\t1.0 \t1.0 '],
      });
      const events: string[] = [];
      const error = await archivedRun(bad, out, new NotingArchive(out, events), events).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InputError);
      expect(await archived(out)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
      expect(await new FsSnapshotStore(out).latest()).toBeNull();
    });

    it('publishes nothing when an input cannot be kept, and says why', async () => {
      const out = await tempDir();
      const events: string[] = [];
      const archive = new NotingArchive(out, events, new Error('no space left on the device'));
      const error = await archivedRun(await miniInput(), out, archive, events).catch((e: unknown) => e);
      expect((error as Error).message).toBe('no space left on the device');
      expect(events.some((e) => e.startsWith('publishing '))).toBe(false);
      expect(await new FsSnapshotStore(out).latest()).toBeNull();
    });
  });
});
