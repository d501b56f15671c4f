import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { pull } from '../../lib/cli/pull.ts';
import { directorySource } from '../../lib/cli/snapshotSources.ts';
import { twoVersions } from '../cli/pullSupport.ts';
import { tempDir } from '../helpers/miniInput.ts';

const DOC = join(import.meta.dirname, '..', '..', 'README.md');

/** The SQL of the documented `duckdb -c "…"` line, exactly as a reader copies it. */
async function documentedSql(): Promise<string> {
  const line = (await readFile(DOC, 'utf8')).split('\n').find((l) => l.startsWith('duckdb -c "'));
  if (!line) throw new Error('README.md has no `duckdb -c "…"` line');
  return line.slice('duckdb -c "'.length, -1);
}

describe('the README, for consumers', () => {
  it('has a DuckDB one-liner that reads the top node LQs from a pulled snapshot', async () => {
    const { out } = await twoVersions();
    const cwd = await tempDir('eucluster-consumer-');
    await pull(directorySource(out), { dest: join(cwd, 'snapshot') });
    const sql = (await documentedSql()).replaceAll("'snapshot/", `'${cwd}/snapshot/`);
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
      const csv = await readFile(join(cwd, 'snapshot', 'data', 'location_quotients.csv'), 'utf8');
      // The same rows straight from the CSV: nace-level nodes, highest LQ first.
      const nodes = csv
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','))
        .filter((c) => c[7] === 'true' && c[2] === 'nace')
        .map((c) => ({ region: c[0], activity: c[3], lq: Number(c[6]) }))
        .sort((a, b) => b.lq - a.lq)
        .slice(0, 10);
      expect(nodes.length).toBeGreaterThan(0);
      // The CSV writes 15 significant digits, the Parquet file the full double.
      expect(rows.map((r) => [r.region, r.activity])).toEqual(nodes.map((n) => [n.region, n.activity]));
      for (const [i, r] of rows.entries()) expect(r.lq as number).toBeCloseTo(nodes[i]?.lq as number, 12);
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  });

  it('names the manifest field of each file hash as it is: hash, not sha256', async () => {
    const doc = await readFile(DOC, 'utf8');
    expect(doc).toMatch(/\*\*`hash`\*\*: `sha256:<64 hex>`/);
    expect(doc).not.toMatch(/manifest's `sha256`/);
  });
});
