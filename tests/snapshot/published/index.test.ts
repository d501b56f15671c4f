import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLISHED } from '../../../lib/snapshot/published/index.ts';

const FOLDER = join(import.meta.dirname, '../../../lib/snapshot/published');
/** The folder's files that are not a table: the list and the types every table shares. */
const NOT_A_TABLE = ['index.ts', 'publishedTable.ts'];
const camelCase = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

describe('the published tables', () => {
  it('are one file each, named after the table (camelCase), exporting that table and nothing else', async () => {
    const files = readdirSync(FOLDER).filter((f) => f.endsWith('.ts') && !NOT_A_TABLE.includes(f));
    const found = await Promise.all(
      files.map(async (file) => {
        const exports = Object.values(await import(join(FOLDER, file)));
        expect(exports, file).toHaveLength(1);
        const table = exports[0] as (typeof PUBLISHED)[number];
        expect(`${camelCase(table.name)}.ts`).toBe(file);
        return table;
      }),
    );
    expect(new Set(found)).toEqual(new Set(PUBLISHED));
  });

  it('are listed once each, with unique names and paths, the fact tables before the dimension tables', () => {
    expect(new Set(PUBLISHED.map((t) => t.name)).size).toBe(PUBLISHED.length);
    expect(new Set(PUBLISHED.map((t) => t.path)).size).toBe(PUBLISHED.length);
    for (const t of PUBLISHED) expect(t.path).toBe(`data/${t.name}.csv`);
    const kinds = PUBLISHED.map((t) => t.from);
    expect(kinds).toEqual([...kinds].sort((a, b) => (a === b ? 0 : a === 'tables' ? -1 : 1)));
  });

  it('name a primary key among their fields', () => {
    for (const t of PUBLISHED) {
      const names = t.fields.map((f) => f.name);
      for (const k of t.primaryKey) expect(names, t.name).toContain(k);
    }
  });

  it('place in DynamoDB the fact tables read by geography: the yearly ones in year items', () => {
    const placed = PUBLISHED.flatMap((t) =>
      t.from === 'tables' && t.item ? [[t.name, t.item.year ? 'yearly' : 'version'] as const] : [],
    );
    expect(placed).toEqual([
      ['ecosystem_employment', 'yearly'],
      ['location_quotients', 'yearly'],
      ['region_nodes', 'yearly'],
      ['node_history', 'version'],
      ['cluster_organisations', 'version'],
      ['member_composition', 'version'],
      ['maturity', 'version'],
    ]);
  });
});
