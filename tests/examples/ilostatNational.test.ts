import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EU27_2020_COUNTRIES } from '../../lib/classifications/nuts.ts';
import { factsheetRenderer } from '../../lib/cli/renderer.ts';
import { FsRawStore } from '../../lib/fs/fsRawStore.ts';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import type { EcosystemEmploymentRow } from '../../lib/model/computedTables.ts';
import { refresh } from '../../lib/refresh/refresh.ts';
import { tempDir } from '../helpers/miniInput.ts';

/**
 * The real ILOSTAT example (data/examples/ilostat-national-2019): the ILO's national employment by the 88
 * divisions for the 27 members in 2019, with the survey's suppressed cells and no EU27 row. Its figures are
 * checked against sums computed here from the TSV and the mapping file with plain arithmetic.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLE = join(ROOT, 'data', 'examples', 'ilostat-national-2019');
const TSV = join(EXAMPLE, 'eurostat', 'ilostat_emp_nace2_division_EU27_2019.tsv');
const MAPPING = join(ROOT, 'data', 'reference', 'nace2_to_ecosystem_v0.csv');

/** geo → division → thousands; a `:` cell is left out. */
async function readTsv(): Promise<Map<string, Map<string, number>>> {
  const [, ...lines] = (await readFile(TSV, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  const out = new Map<string, Map<string, number>>();
  for (const line of lines) {
    const [key, cell] = line.split('\t') as [string, string];
    const [, , , , division, geo] = key.split(',') as string[];
    const value = cell.trim();
    if (!out.has(geo as string)) out.set(geo as string, new Map());
    if (value !== ':') out.get(geo as string)?.set(division as string, Number(value));
  }
  return out;
}

/** ecosystem → [division, weight][] from the mapping file. */
async function readMapping(): Promise<Map<string, Array<[string, number]>>> {
  const [, ...lines] = (await readFile(MAPPING, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  const out = new Map<string, Array<[string, number]>>();
  for (const line of lines) {
    // The ecosystem may be quoted and hold commas: division first, weight last.
    const division = line.slice(0, line.indexOf(','));
    const weight = Number(line.slice(line.lastIndexOf(',') + 1));
    const ecosystem = line.slice(line.indexOf(',') + 1, line.lastIndexOf(',')).replace(/^"|"$/g, '');
    out.set(ecosystem, [...(out.get(ecosystem) ?? []), [division, weight]]);
  }
  return out;
}

/** Expected shares of one geography: a missing division counts as zero, the total is over the 14. */
function expectedShares(divisions: Map<string, number>, mapping: Map<string, Array<[string, number]>>) {
  const employment = new Map<string, number>();
  for (const [eco, parts] of mapping) {
    employment.set(
      eco,
      parts.reduce((s, [d, w]) => s + w * (divisions.get(d) ?? 0), 0),
    );
  }
  const total = [...employment.values()].reduce((a, b) => a + b, 0);
  return new Map([...employment].map(([e, v]) => [e, { employment: v, share: v / total }]));
}

async function run(dir: string) {
  const out = await tempDir('eucluster-ilostat-');
  const outcome = await refresh({
    inputs: await loadInputDirectory(dir),
    store: new FsSnapshotStore(out),
    now: new Date('2026-12-01T10:00:00Z'),
    codeVersion: 'test',
    archive: new FsRawStore(out),
    render: await factsheetRenderer(),
  });
  if (outcome.status !== 'published') throw new Error(`expected a published snapshot, got ${outcome.status}`);
  return { outcome, out };
}

const rowsOf = (rows: readonly EcosystemEmploymentRow[], geo: string) => rows.filter((r) => r.geo === geo);

describe('the ilostat-national-2019 example (real ILO figures)', () => {
  let lenient: Awaited<ReturnType<typeof run>>;
  let tsv: Map<string, Map<string, number>>;
  let mapping: Map<string, Array<[string, number]>>;
  beforeAll(async () => {
    [lenient, tsv, mapping] = await Promise.all([run(EXAMPLE), readTsv(), readMapping()]);
  }, 60_000);

  it('publishes Figure 1 for the 27 members and EU27_2020, and says which tables it could not compute', () => {
    const geos = new Set(lenient.outcome.tables.ecosystemEmployment.map((r) => r.geo));
    expect([...geos].sort()).toEqual([...EU27_2020_COUNTRIES, 'EU27_2020'].sort());
    expect(lenient.outcome.tables.locationQuotients).toHaveLength(0);
    expect(lenient.outcome.notices.map((n) => n.message).join('\n')).toMatch(
      /not computed: the configuration has no regionalByActivity source/,
    );
  });

  it('gives Belgium the employment and shares summed from the TSV, suppressed divisions as zero', () => {
    const expected = expectedShares(tsv.get('BE') as Map<string, number>, mapping);
    for (const r of rowsOf(lenient.outcome.tables.ecosystemEmployment, 'BE')) {
      expect(r.employment).toBeCloseTo(expected.get(r.ecosystem)?.employment as number, 6);
      expect(r.share).toBeCloseTo(expected.get(r.ecosystem)?.share as number, 12);
    }
    const top = rowsOf(lenient.outcome.tables.ecosystemEmployment, 'BE')
      .filter((r) => r.rank !== null && r.rank <= 3)
      .sort((a, b) => (a.rank as number) - (b.rank as number))
      .map((r) => r.ecosystem);
    const expectedTop = [...expected].sort(([, a], [, b]) => b.employment - a.employment).map(([e]) => e);
    expect(top).toEqual(expectedTop.slice(0, 3));
  });

  it('sums EU27_2020 from its 27 members and compares Belgium with it', () => {
    const eu = new Map<string, number>();
    for (const country of EU27_2020_COUNTRIES) {
      for (const [d, v] of tsv.get(country) ?? []) eu.set(d, (eu.get(d) ?? 0) + v);
    }
    const expectedEu = expectedShares(eu, mapping);
    const expectedBe = expectedShares(tsv.get('BE') as Map<string, number>, mapping);
    for (const r of rowsOf(lenient.outcome.tables.ecosystemEmployment, 'EU27_2020')) {
      expect(r.share).toBeCloseTo(expectedEu.get(r.ecosystem)?.share as number, 12);
    }
    const above = rowsOf(lenient.outcome.tables.ecosystemEmployment, 'BE')
      .filter((r) => r.specialised)
      .map((r) => r.ecosystem)
      .sort();
    const expectedAbove = [...expectedBe]
      .filter(([e, v]) => v.share > (expectedEu.get(e)?.share as number))
      .map(([e]) => e)
      .sort();
    expect(above).toEqual(expectedAbove);
  });

  it('puts every share over a complete total: each geography’s shares add up to one', () => {
    const geos = new Set(lenient.outcome.tables.ecosystemEmployment.map((r) => r.geo));
    for (const geo of geos) {
      const sum = rowsOf(lenient.outcome.tables.ecosystemEmployment, geo).reduce(
        (s, r) => s + (r.share ?? 0),
        0,
      );
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  it('counts each ecosystem’s divisions without data in missing_divisions', () => {
    const be = tsv.get('BE') as Map<string, number>;
    for (const r of rowsOf(lenient.outcome.tables.ecosystemEmployment, 'BE')) {
      const gaps = (mapping.get(r.ecosystem) ?? []).filter(([d]) => !be.has(d)).length;
      expect(r.missingDivisions).toBe(gaps);
    }
    expect(rowsOf(lenient.outcome.tables.ecosystemEmployment, 'BE').some((r) => r.missingDivisions > 0)).toBe(
      true,
    );
  });

  it('is real data credited to the ILO: no SYNTHETIC banner, and Figure 1 never says Eurostat', async () => {
    expect(lenient.outcome.synthetic).toEqual([]);
    const dir = join(lenient.out, 'snapshots', lenient.outcome.version);
    const manifest = JSON.parse(await readFile(join(dir, 'datapackage.json'), 'utf8'));
    const table = manifest.resources.find((r: { name: string }) => r.name === 'ecosystem_employment');
    expect(JSON.stringify(table.sources)).toMatch(/International Labour Organization/);
    expect(JSON.stringify(table.sources)).not.toMatch(/Eurostat/);
    expect(manifest.citation).toMatch(/Source: International Labour Organization/);
    expect(manifest.licenses.map((l: { title: string }) => l.title).join('\n')).toMatch(
      /International Labour/,
    );
    const page = await readFile(join(dir, 'pages', 'BE.html'), 'utf8');
    expect(page).not.toMatch(/SYNTHETIC/);
    expect(page).toMatch(/International Labour Organization/);
    expect(page).toMatch(/Incomplete figures for Belgium/);
  });

  it('publishes no partial share under missingCells "strict"', async () => {
    const dir = await tempDir('eucluster-ilostat-strict-');
    await cp(EXAMPLE, dir, { recursive: true });
    const config = JSON.parse(await readFile(join(dir, 'pipeline.config.json'), 'utf8'));
    await writeFile(join(dir, 'pipeline.config.json'), JSON.stringify({ ...config, missingCells: 'strict' }));
    const { outcome } = await run(dir);
    const rows = outcome.tables.ecosystemEmployment;
    const incomplete = new Set(rows.filter((r) => r.missingDivisions > 0).map((r) => r.geo));
    expect(incomplete.has('BE')).toBe(true);
    expect(rows.filter((r) => incomplete.has(r.geo) && (r.share !== null || r.rank !== null))).toEqual([]);
    // A member with every division has its shares, over its complete total.
    const complete = [...new Set(rows.map((r) => r.geo))].filter((g) => !incomplete.has(g));
    for (const geo of complete) {
      expect(rowsOf(rows, geo).reduce((s, r) => s + (r.share ?? 0), 0)).toBeCloseTo(1, 12);
    }
  });
});
