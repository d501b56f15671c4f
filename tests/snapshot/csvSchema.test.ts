import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ResourceDescriptor } from '../../lib/snapshot/manifest.ts';
import type { Field } from '../../lib/snapshot/tableSpec.ts';
import { sha256 } from '../helpers/snapshots.ts';
import { sampleSnapshot } from './sampleSnapshot.ts';

/** Why a cell breaks its field's declaration, or null when it does not (Table Schema's rules, for CSV). */
function cellProblem(cell: string, field: Field, missing: readonly string[]): string | null {
  if (missing.includes(cell)) return field.constraints?.required ? 'is required' : null;
  let value: string | number | boolean = cell;
  if (field.type === 'integer') {
    if (!/^-?\d+$/.test(cell)) return 'is not an integer';
    value = Number(cell);
  } else if (field.type === 'number') {
    if (!/^-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?$/.test(cell)) return 'is not a number';
    value = Number(cell);
  } else if (field.type === 'boolean') {
    if (cell !== 'true' && cell !== 'false') return 'is not a boolean';
    value = cell === 'true';
  }
  const c = field.constraints;
  if (c?.enum && !c.enum.includes(value as string | number)) return 'is not in the enum';
  if (c?.minimum !== undefined && (value as number) < c.minimum) return 'is below the minimum';
  if (c?.maximum !== undefined && (value as number) > c.maximum) return 'is above the maximum';
  return null;
}

describe('every CSV of the sample snapshot against its declared schema', async () => {
  const { snapshot } = await sampleSnapshot();
  const csvs = snapshot.manifest.resources.filter((r) => r.format === 'csv');
  const content = (r: ResourceDescriptor) => snapshot.files.find((f) => f.path === r.path)?.content as Buffer;

  it('covers the nine fact tables and the three dimension tables', () => {
    expect(csvs.map((r) => r.name).sort()).toEqual([
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
    ]);
  });

  it.each(csvs.map((r) => [r.name, r] as const))('%s: bytes and hash as listed', (_name, r) => {
    expect(content(r).length).toBe(r.bytes);
    expect(r.hash).toBe(`sha256:${sha256(content(r))}`);
  });

  it.each(csvs.map((r) => [r.name, r] as const))(
    '%s: header, types, enums and missing values',
    (_name, r) => {
      const [header, ...rows] = parse(content(r), { relax_column_count: false }) as string[][];
      expect(header).toEqual(r.schema.fields.map((f) => f.name));
      expect(rows.length).toBe(r.rows);
      const problems: string[] = [];
      rows.forEach((row, i) => {
        r.schema.fields.forEach((field, j) => {
          const problem = cellProblem(row[j] as string, field, field.missingValues ?? r.schema.missingValues);
          if (problem) problems.push(`line ${i + 2} ${field.name} "${row[j]}" ${problem}`);
        });
      });
      expect(problems.slice(0, 5)).toEqual([]);
    },
  );

  it.each(csvs.map((r) => [r.name, r] as const))('%s: the primary key is unique', (_name, r) => {
    const [header, ...rows] = parse(content(r)) as string[][];
    const at = r.schema.primaryKey.map((k) => (header as string[]).indexOf(k));
    const keys = rows.map((row) => JSON.stringify(at.map((i) => row[i])));
    expect(new Set(keys).size).toBe(rows.length);
  });

  it('writes the maturity scores with a decimal point, so that they read as numbers', () => {
    const r = csvs.find((x) => x.name === 'maturity') as ResourceDescriptor;
    const [, first] = parse(content(r)) as string[][];
    expect(first?.slice(1, 6).every((cell) => /^\d\.\d$/.test(cell))).toBe(true);
  });
});
