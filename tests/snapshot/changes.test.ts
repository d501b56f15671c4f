import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { csvField } from '../../lib/csv/csvField.ts';
import { CsvLines } from '../../lib/csv/csvLines.ts';
import {
  changesSchema,
  diffSnapshots,
  type SnapshotView,
  summariseChanges,
  type TableRows,
  tablesToCompare,
} from '../../lib/snapshot/changes.ts';
import type { InputRecord } from '../../lib/snapshot/manifest.ts';

/**
 * Small hand-made snapshots (invented figures for the tests): a table is its primary key and rows of cell
 * text; the resource hash is computed from the rows, so equal rows make equal hashes as real files do.
 */
interface Fake {
  tables: Record<string, { key: string[]; rows: Array<Record<string, string>> }>;
  inputs?: InputRecord[];
  fingerprint?: string;
  code?: string;
}

const input = (
  role: string,
  name: string,
  hash: string,
  sourceVersion: string | null = null,
): InputRecord => ({
  role,
  name,
  path: `eurostat/${name}.tsv`,
  bytes: 1,
  hash: `sha256:${hash.repeat(64).slice(0, 64)}`,
  sourceVersion,
  synthetic: true,
});
const INPUTS = [
  input('config', 'pipeline.config', 'c'),
  input('regionalByActivity', 'lfst_r_lfe2en2', 'a', '2026-11-20'),
];

/** The rows as their CSV file would hold them, quoted as the snapshot writer quotes. */
function csvOf(rows: Array<Record<string, string>>): TableRows {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => csvField(r[c] ?? '')).join(','))];
  return CsvLines.parse(`${lines.join('\n')}\n`, 'test.csv');
}

function view(version: string, fake: Fake): SnapshotView {
  const resources = Object.entries(fake.tables).map(([name, t]) => ({
    name,
    format: 'csv' as const,
    path: `data/${name}.csv`,
    rows: t.rows.length,
    hash: `sha256:${createHash('sha256').update(JSON.stringify(t.rows)).digest('hex')}`,
    schema: { primaryKey: t.key },
  }));
  return {
    version,
    manifest: {
      fingerprint: fake.fingerprint ?? 'f'.repeat(64),
      code: { version: fake.code ?? 'test+1' },
      'eucluster:inputs': fake.inputs ?? INPUTS,
      resources: resources as unknown as SnapshotView['manifest']['resources'],
    },
    rows: Object.fromEntries(Object.entries(fake.tables).map(([n, t]) => [n, csvOf(t.rows)])),
  };
}

const lq = (region: string, activity: string, value: string, node: boolean) => ({
  region,
  year: '2023',
  level: 'nace',
  activity,
  lq: value,
  node: String(node),
});
const LQ_KEY = ['region', 'year', 'level', 'activity'];
const LQ = [lq('BE10', 'C21', '0.9', false), lq('BE10', 'J61', '2.1', true), lq('BE21', 'C21', '1.8', true)];
const ee = (geo: string, ecosystem: string, rank: string) => ({ geo, year: '2023', ecosystem, rank });
const EE_KEY = ['geo', 'year', 'ecosystem'];
const EE = [ee('BE', 'Health', '1'), ee('BE', 'Digital', '2'), ee('DE', 'Health', '1')];

const BASE: Fake = {
  tables: { location_quotients: { key: LQ_KEY, rows: LQ }, ecosystem_employment: { key: EE_KEY, rows: EE } },
};

describe('diffSnapshots', () => {
  it('calls a version without predecessor the first version and counts every row as added', () => {
    const c = diffSnapshots(null, view('v1', BASE));
    expect(c).toMatchObject({ previous: null, reason: 'first version', causes: [{ kind: 'first' }] });
    expect(c.tables.find((t) => t.table === 'location_quotients')).toMatchObject({ added: 3, keys: [] });
  });

  it('says a forced republish of the same inputs and code has identical content, naming the previous version', () => {
    const c = diffSnapshots(view('v1', BASE), view('v2', BASE));
    expect(c.reason).toBe('forced, identical content');
    expect(c.identicalTo).toBe('v1');
    expect(c.tables.every((t) => t.added + t.removed + t.changed === 0)).toBe(true);
  });

  it('finds a one-cell upstream change by key and column, and names the source with its new last update', () => {
    const after: Fake = {
      fingerprint: 'e'.repeat(64),
      inputs: [INPUTS[0] as InputRecord, input('regionalByActivity', 'lfst_r_lfe2en2', 'b', '2026-12-01')],
      tables: {
        ...BASE.tables,
        location_quotients: { key: LQ_KEY, rows: [LQ[0], { ...LQ[1], lq: '2.2' }, LQ[2]] as typeof LQ },
      },
    };
    const c = diffSnapshots(view('v1', BASE), view('v2', after));
    expect(c.reason).toBe('source changed: regionalByActivity lfst_r_lfe2en2, last update 2026-12-01');
    expect(c.causes).toContainEqual(
      expect.objectContaining({
        kind: 'source',
        previousSourceVersion: '2026-11-20',
        sourceVersion: '2026-12-01',
      }),
    );
    expect(c.identicalTo).toBeNull();
    expect(c.tables.find((t) => t.table === 'location_quotients')).toMatchObject({
      added: 0,
      removed: 0,
      changed: 1,
      keys: [{ change: 'changed', key: ['BE10', '2023', 'nace', 'J61'], columns: ['lq'] }],
    });
  });

  it('finds rows by key when a key cell is quoted (an ecosystem with a comma) and reports its cells unquoted', () => {
    const social = 'Proximity, Social Economy and Civil Security';
    const ecosystem = (value: string, note: string) => ({
      ...lq('BE10', social, value, false),
      level: 'ecosystem',
      note,
    });
    const table = (rows: Array<Record<string, string>>) => ({
      ...BASE,
      tables: { ...BASE.tables, location_quotients: { key: LQ_KEY, rows: rows as typeof LQ } },
    });
    const c = diffSnapshots(
      view('v1', table([...LQ, ecosystem('0.8', 'plain')])),
      view('v2', table([...LQ, ecosystem('0.9', 'now, with a comma')])),
    );
    expect(c.tables.find((t) => t.table === 'location_quotients')).toMatchObject({
      added: 0,
      removed: 0,
      changed: 1,
      keys: [{ change: 'changed', key: ['BE10', '2023', 'ecosystem', social], columns: ['lq', 'note'] }],
    });
  });

  it('counts rows added and removed by primary key', () => {
    const rows = [LQ[0], LQ[1], lq('BE31', 'Q86', '1.1', false)] as typeof LQ;
    const c = diffSnapshots(
      view('v1', BASE),
      view('v2', { ...BASE, tables: { ...BASE.tables, location_quotients: { key: LQ_KEY, rows } } }),
    );
    const t = c.tables.find((x) => x.table === 'location_quotients');
    expect(t).toMatchObject({ added: 1, removed: 1, changed: 0, rows: { before: 3, after: 3 } });
    expect(t?.keys.map((k) => [k.change, k.key[0]])).toEqual([
      ['removed', 'BE21'],
      ['added', 'BE31'],
    ]);
  });

  it('lists the nodes each region gained and lost, per level', () => {
    const rows = [lq('BE10', 'C21', '1.6', true), lq('BE10', 'J61', '1.2', false), LQ[2]] as typeof LQ;
    const c = diffSnapshots(
      view('v1', BASE),
      view('v2', { ...BASE, tables: { ...BASE.tables, location_quotients: { key: LQ_KEY, rows } } }),
    );
    expect(c.nodes).toEqual({
      regions: 1,
      gained: 1,
      lost: 1,
      first: [{ region: 'BE10', level: 'nace', gained: ['C21'], lost: ['J61'] }],
    });
  });

  it('lists the ecosystem ranks that moved, per country', () => {
    const rows = [ee('BE', 'Health', '2'), ee('BE', 'Digital', '1'), EE[2]] as typeof EE;
    const c = diffSnapshots(
      view('v1', BASE),
      view('v2', { ...BASE, tables: { ...BASE.tables, ecosystem_employment: { key: EE_KEY, rows } } }),
    );
    expect(c.ranks).toEqual({
      changed: 2,
      geos: 1,
      first: [
        { geo: 'BE', ecosystem: 'Digital', from: 2, to: 1 },
        { geo: 'BE', ecosystem: 'Health', from: 1, to: 2 },
      ],
    });
  });

  it('keeps every count but lists only the first N keys of a table', () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => lq(`R${String(i).padStart(3, '0')}`, 'C21', '1', false));
    const c = diffSnapshots(
      view('v1', BASE),
      view('v2', {
        ...BASE,
        tables: { ...BASE.tables, location_quotients: { key: LQ_KEY, rows: many(120) } },
      }),
      50,
    );
    const t = c.tables.find((x) => x.table === 'location_quotients');
    expect(t?.added).toBe(120);
    expect(t?.keys).toHaveLength(50);
    expect(c.detailLimit).toBe(50);
  });

  it('lists the first N keys in key order, whatever order the rows come in', () => {
    const rows = Array.from({ length: 120 }, (_, i) =>
      lq(`R${String(i).padStart(3, '0')}`, 'C21', '1', false),
    );
    const shuffled = rows.map((r, i) => rows[(i * 7) % rows.length] ?? r);
    const c = diffSnapshots(
      view('v1', BASE),
      view('v2', {
        ...BASE,
        tables: { ...BASE.tables, location_quotients: { key: LQ_KEY, rows: shuffled } },
      }),
      50,
    );
    const keys = c.tables.find((x) => x.table === 'location_quotients')?.keys ?? [];
    expect(keys.slice(0, 4).map((k) => [k.change, k.key[0], k.key[3]])).toEqual([
      ['removed', 'BE10', 'C21'],
      ['removed', 'BE10', 'J61'],
      ['removed', 'BE21', 'C21'],
      ['added', 'R000', 'C21'],
    ]);
    expect(keys.map((k) => k.key[0])).toEqual([
      'BE10',
      'BE10',
      'BE21',
      ...rows.slice(0, 47).map((r) => r.region),
    ]);
  });

  it('names a code change and a configuration change', () => {
    const after = view('v2', {
      ...BASE,
      code: 'test+2',
      fingerprint: 'e'.repeat(64),
      inputs: [input('config', 'pipeline.config', 'd'), INPUTS[1] as InputRecord],
    });
    const c = diffSnapshots(view('v1', BASE), after);
    expect(c.reason).toBe('configuration changed, code changed (test+1 → test+2), identical content');
  });

  it('produces a document its own exported schema accepts', () => {
    expect(changesSchema.safeParse(diffSnapshots(view('v1', BASE), view('v2', BASE))).success).toBe(true);
  });
});

describe('tablesToCompare', () => {
  it('names only the tables whose bytes differ', () => {
    const rows = [ee('BE', 'Health', '2'), ...EE.slice(1)] as typeof EE;
    const after = view('v2', { tables: { ...BASE.tables, ecosystem_employment: { key: EE_KEY, rows } } });
    expect(tablesToCompare(view('v1', BASE).manifest, after.manifest)).toEqual(['ecosystem_employment']);
  });
});

describe('summariseChanges', () => {
  it('keeps the counts and the reason, and no key lists', () => {
    const s = summariseChanges(diffSnapshots(view('v1', BASE), view('v2', BASE)));
    expect(s).toEqual({
      reason: 'forced, identical content',
      identicalTo: 'v1',
      tables: {
        location_quotients: { added: 0, removed: 0, changed: 0 },
        ecosystem_employment: { added: 0, removed: 0, changed: 0 },
      },
      nodes: { regions: 0, gained: 0, lost: 0 },
      ranks: { changed: 0, geos: 0 },
    });
  });
});
