import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_DOCUMENT } from '../../lib/config/configuration.ts';
import { InputError } from '../../lib/errors.ts';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { refresh } from '../../lib/refresh/refresh.ts';
import { miniInput, tempDir } from '../helpers/miniInput.ts';

/**
 * A whole refresh on the tiny Eurostat input plus `fixtures/city_only_organisations.csv`: organisations with a
 * city and no NUTS code (the bundled sample's rows all carry a region), placed through the shipped
 * reference/city_to_nuts.csv. Default region levels: BE 1, others 2.
 */
const FIXTURE = join(import.meta.dirname, '..', 'clusters', 'fixtures', 'city_only_organisations.csv');

async function run(organisations: string, config?: unknown) {
  const input = await miniInput({
    extra: {
      'eccp/cluster_organisations.csv': organisations,
      ...(config ? { 'pipeline.config.json': JSON.stringify(config) } : {}),
    },
  });
  return refresh({
    inputs: await loadInputDirectory(input),
    store: new FsSnapshotStore(await tempDir()),
    now: new Date('2026-03-01T12:00:00Z'),
    codeVersion: 'test+1',
  });
}

async function published(organisations: string, config?: unknown) {
  const outcome = await run(organisations, config);
  if (outcome.status !== 'published') throw new Error('expected a publication');
  const count = (country: string, scope: string, key = '') =>
    outcome.tables.clusterOrganisations.find(
      (r) => r.country === country && r.scope === scope && r.key === key,
    )?.count;
  const messages = outcome.notices.filter((n) => n.table === 'cluster_organisations').map((n) => n.message);
  return { count, messages };
}

describe('a refresh with city-only organisations', () => {
  it('counts organisations placed through the city lookup in their region', async () => {
    const { count } = await published(await readFile(FIXTURE, 'utf8'));
    // BE at NUTS1: Brussels + BRUXELLES → BE1; gent → BE2; Liege → BE3, plus the row coded BE3
    expect(count('BE', 'region', 'BE1')).toBe(2);
    expect(count('BE', 'region', 'BE2')).toBe(1);
    expect(count('BE', 'region', 'BE3')).toBe(2);
    // AT, DE at NUTS2: Wien → AT13, GRAZ → AT22, munchen → DE21
    expect(count('AT', 'region', 'AT13')).toBe(1);
    expect(count('AT', 'region', 'AT22')).toBe(1);
    expect(count('DE', 'region', 'DE21')).toBe(1);
  });

  it('counts the organisations it cannot place as unresolved', async () => {
    const { count } = await published(await readFile(FIXTURE, 'utf8'));
    // BE: Gosselies (not in the lookup) and the row without a place; DE: the row coded DE2 (coarser than NUTS2)
    expect(count('BE', 'region_unresolved')).toBe(2);
    expect(count('DE', 'region_unresolved')).toBe(1);
  });

  it('says in a notice how many were placed by NUTS code, by city and how many are unresolved', async () => {
    const { messages } = await published(await readFile(FIXTURE, 'utf8'));
    // 11 rows: 1 by code (be-antwerpen-nuts), 7 by city, 3 unresolved
    expect(messages).toContainEqual(
      expect.stringContaining(
        'regions of the 11 organisations: 1 placed by their NUTS code, 7 by their city through reference/city_to_nuts.csv (NUTS 2024 codes), 3 unresolved',
      ),
    );
  });

  it('reports rejected rows in the notices and counts the others', async () => {
    const text = `${await readFile(FIXTURE, 'utf8')}bad-1,Bad Cluster,BE,,Gent,Space Mining,,,,,\n`;
    // 1 rejected of 12 = 8.3 %: allowed with a limit of 0.1
    const { count, messages } = await published(text, {
      ...DEFAULT_CONFIG_DOCUMENT,
      eccp: { maxRejectedShare: 0.1 },
    });
    expect(count('BE', 'total')).toBe(7);
    expect(messages).toContainEqual(
      expect.stringMatching(/^1 of 12 rows of eccp\/cluster_organisations\.csv were rejected/),
    );
    // the header is line 1 and the fixture has 11 records, so the bad row is on line 13
    expect(messages).toContainEqual(
      'rejected eccp/cluster_organisations.csv:13 ecosystems: "Space Mining" is not one of the 14 industrial ecosystems',
    );
  });

  it('fails when more rows are rejected than eccp.maxRejectedShare allows (default 0.05)', async () => {
    const text = `${await readFile(FIXTURE, 'utf8')}bad-1,Bad Cluster,BE,,Gent,Space Mining,,,,,\n`;
    // 1 of 12 = 8.3 % > 5 %
    const err = await run(text).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain('1 of 12 rows were rejected (8.33 %)');
  });
});
