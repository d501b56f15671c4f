import * as z from 'zod/mini';
import '../zodLocale.ts';
import { CsvLines } from '../csv/csvLines.ts';
import { KeyIndex } from './keyIndex.ts';
import type { InputRecord, Manifest } from './manifest.ts';

/**
 * What changed between two versions of the snapshot, and why the newer one exists: `changes.json` in every
 * version (against the version it replaced), its counts in `index.json` and in the published notification.
 * Pure: two snapshots' manifests and table rows in, the document out.
 */

export const CHANGES_FILE = 'changes.json';
/** At most this many changed keys are listed per table (and per node or rank list); counts are always whole. */
export const DETAIL_LIMIT = 50;

const sourceCause = z.object({
  kind: z.literal('source'),
  role: z.string(),
  name: z.string(),
  path: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  previousHash: z.nullable(z.string()),
  hash: z.nullable(z.string()),
  /** The source's own last update (Eurostat's), before and now. */
  previousSourceVersion: z.nullable(z.string()),
  sourceVersion: z.nullable(z.string()),
});
const causeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('first') }),
  sourceCause,
  z.object({ kind: z.literal('configuration'), previousHash: z.string(), hash: z.string() }),
  z.object({ kind: z.literal('code'), previous: z.string(), current: z.string() }),
  /** Same inputs and code as the previous version: only `--force` (or `{"force": true}`) publishes it. */
  z.object({ kind: z.literal('forced') }),
]);
export type ChangeCause = z.output<typeof causeSchema>;

const tableChangeSchema = z.object({
  table: z.string(),
  primaryKey: z.array(z.string()),
  rows: z.object({ before: z.number(), after: z.number() }),
  added: z.number(),
  removed: z.number(),
  changed: z.number(),
  /** The first `detailLimit` changed keys (values in `primaryKey` order, as the CSV writes them). */
  keys: z.array(
    z.object({
      change: z.enum(['added', 'removed', 'changed']),
      key: z.array(z.string()),
      /** For `changed`: the columns whose value differs. */
      columns: z.optional(z.array(z.string())),
    }),
  ),
});
export type TableChange = z.output<typeof tableChangeSchema>;

const nodeChangeSchema = z.object({
  region: z.string(),
  level: z.string(),
  gained: z.array(z.string()),
  lost: z.array(z.string()),
});
const rankChangeSchema = z.object({
  geo: z.string(),
  ecosystem: z.string(),
  from: z.nullable(z.number()),
  to: z.nullable(z.number()),
});

export const changesSchema = z.object({
  version: z.string(),
  previous: z.nullable(z.string()),
  /** One line: `first version`, `forced, identical content`, `source changed: …`, `code changed: …`. */
  reason: z.string(),
  causes: z.array(causeSchema),
  /** The previous version, when every table of this one is byte for byte the same. */
  identicalTo: z.nullable(z.string()),
  /** Each Eurostat (and other) input's own version in this snapshot, by role. */
  sourceVersions: z.record(z.string(), z.nullable(z.string())),
  detailLimit: z.number(),
  tables: z.array(tableChangeSchema),
  /** Regionally relevant nodes (location_quotients `node`) gained and lost per region and level. */
  nodes: z.object({
    regions: z.number(),
    gained: z.number(),
    lost: z.number(),
    first: z.array(nodeChangeSchema),
  }),
  /** Ecosystem ranks (ecosystem_employment `rank`) that moved, per geography. */
  ranks: z.object({
    changed: z.number(),
    geos: z.number(),
    first: z.array(rankChangeSchema),
  }),
});
export type Changes = z.output<typeof changesSchema>;

/** The counts of a changes document: what `index.json` and the notification carry (small, bounded). */
export const changeSummarySchema = z.object({
  reason: z.string(),
  identicalTo: z.nullable(z.string()),
  tables: z.record(z.string(), z.object({ added: z.number(), removed: z.number(), changed: z.number() })),
  nodes: z.object({ regions: z.number(), gained: z.number(), lost: z.number() }),
  ranks: z.object({ changed: z.number(), geos: z.number() }),
});
export type ChangeSummary = z.output<typeof changeSummarySchema>;

/** A table's rows as its CSV holds them: a record's text, its cells as text. */
export type TableRows = CsvLines;

export interface SnapshotView {
  version: string;
  manifest: Pick<Manifest, 'fingerprint' | 'code' | 'resources' | 'eucluster:inputs'>;
  /** Rows per table name; needed only for the tables `tablesToCompare` names. */
  rows: Readonly<Record<string, TableRows>>;
}

/** The CSV tables whose bytes differ between two manifests: the only ones whose rows must be read. */
export function tablesToCompare(before: SnapshotView['manifest'], after: SnapshotView['manifest']): string[] {
  const previous = new Map(csvResources(before).map((r) => [r.name, r.hash]));
  const names = new Set<string>();
  for (const r of csvResources(after)) if (previous.get(r.name) !== r.hash) names.add(r.name);
  for (const name of previous.keys()) if (!csvResources(after).some((r) => r.name === name)) names.add(name);
  return [...names].sort();
}

/** Reads a table's CSV bytes as rows of cell text (the same reading for both versions). */
export function csvRows(content: Buffer, file: string): TableRows {
  return CsvLines.parse(content, file);
}

/** The changes document of `after` against `before` (null: `after` is the first version). */
export function diffSnapshots(
  before: SnapshotView | null,
  after: SnapshotView,
  limit = DETAIL_LIMIT,
): Changes {
  const sourceVersions = Object.fromEntries(
    after.manifest['eucluster:inputs']
      .filter((i) => i.role !== 'config')
      .map((i) => [i.role, i.sourceVersion]),
  );
  const empty = {
    nodes: { regions: 0, gained: 0, lost: 0, first: [] },
    ranks: { changed: 0, geos: 0, first: [] },
  };
  if (!before) {
    return {
      version: after.version,
      previous: null,
      reason: 'first version',
      causes: [{ kind: 'first' }],
      identicalTo: null,
      sourceVersions,
      detailLimit: limit,
      tables: csvResources(after.manifest).map((r) => ({
        table: r.name,
        primaryKey: [...r.schema.primaryKey],
        rows: { before: 0, after: r.rows },
        added: r.rows,
        removed: 0,
        changed: 0,
        keys: [],
      })),
      ...empty,
    };
  }

  const compare = new Set(tablesToCompare(before.manifest, after.manifest));
  const identical = compare.size === 0 && sameHashes(before.manifest, after.manifest);
  const causes = causesOf(before.manifest, after.manifest);
  const tables = tableNames(before.manifest, after.manifest).map((name) =>
    compare.has(name) ? diffTable(name, before, after, limit) : unchangedTable(name, after.manifest),
  );
  const lq = compare.has('location_quotients');
  const ee = compare.has('ecosystem_employment');
  return {
    version: after.version,
    previous: before.version,
    reason: reasonOf(causes, identical),
    causes,
    identicalTo: identical ? before.version : null,
    sourceVersions,
    detailLimit: limit,
    tables,
    nodes: lq
      ? nodeChanges(rowsOf(before, 'location_quotients'), rowsOf(after, 'location_quotients'), limit)
      : empty.nodes,
    ranks: ee
      ? rankChanges(rowsOf(before, 'ecosystem_employment'), rowsOf(after, 'ecosystem_employment'), limit)
      : empty.ranks,
  };
}

/** The counts only: for `index.json` entries and the SNS message (well under its 256 KB). */
export function summariseChanges(c: Changes): ChangeSummary {
  return {
    reason: c.reason,
    identicalTo: c.identicalTo,
    tables: Object.fromEntries(
      c.tables.map((t) => [t.table, { added: t.added, removed: t.removed, changed: t.changed }]),
    ),
    nodes: { regions: c.nodes.regions, gained: c.nodes.gained, lost: c.nodes.lost },
    ranks: { changed: c.ranks.changed, geos: c.ranks.geos },
  };
}

type Resource = SnapshotView['manifest']['resources'][number];

function csvResources(m: SnapshotView['manifest']): Resource[] {
  return m.resources.filter((r) => r.format === 'csv');
}

function sameHashes(a: SnapshotView['manifest'], b: SnapshotView['manifest']): boolean {
  const key = (m: SnapshotView['manifest']) =>
    m.resources
      .map((r) => `${r.path} ${r.hash}`)
      .sort()
      .join('\n');
  return key(a) === key(b);
}

function tableNames(a: SnapshotView['manifest'], b: SnapshotView['manifest']): string[] {
  const names = csvResources(b).map((r) => r.name);
  for (const r of csvResources(a)) if (!names.includes(r.name)) names.push(r.name);
  return names;
}

function inputKey(i: InputRecord): string {
  return `${i.role}\u0000${i.name}\u0000${i.role === 'policy' || i.role === 'nuts' ? i.path : ''}`;
}

function causesOf(before: SnapshotView['manifest'], after: SnapshotView['manifest']): ChangeCause[] {
  const causes: ChangeCause[] = [];
  // A version published before inputs were recorded (2026-12-01) has none: every input then counts as new.
  const old = new Map((before['eucluster:inputs'] ?? []).map((i) => [inputKey(i), i]));
  const now = new Map(after['eucluster:inputs'].map((i) => [inputKey(i), i]));
  for (const [key, i] of now) {
    const p = old.get(key);
    if (p && p.hash === i.hash) continue;
    if (i.role === 'config') {
      causes.push({ kind: 'configuration', previousHash: p?.hash ?? '', hash: i.hash });
      continue;
    }
    causes.push({
      kind: 'source',
      role: i.role,
      name: i.name,
      path: i.path,
      change: p ? 'changed' : 'added',
      previousHash: p?.hash ?? null,
      hash: i.hash,
      previousSourceVersion: p?.sourceVersion ?? null,
      sourceVersion: i.sourceVersion,
    });
  }
  for (const [key, p] of old) {
    if (now.has(key) || p.role === 'config') continue;
    causes.push({
      kind: 'source',
      role: p.role,
      name: p.name,
      path: p.path,
      change: 'removed',
      previousHash: p.hash,
      hash: null,
      previousSourceVersion: p.sourceVersion,
      sourceVersion: null,
    });
  }
  if (before.code.version !== after.code.version) {
    causes.push({ kind: 'code', previous: before.code.version, current: after.code.version });
  }
  // The fingerprint is the inputs and the code: equal fingerprints mean only a forced run publishes.
  if (before.fingerprint === after.fingerprint) causes.push({ kind: 'forced' });
  return causes;
}

function reasonOf(causes: ChangeCause[], identical: boolean): string {
  const parts = causes.map((c) => {
    switch (c.kind) {
      case 'first':
        return 'first version';
      case 'forced':
        return 'forced';
      case 'configuration':
        return 'configuration changed';
      case 'code':
        return `code changed (${c.previous} → ${c.current})`;
      case 'source': {
        const what = `${c.role} ${c.name}`;
        if (c.change === 'removed') return `source removed: ${what}`;
        const update = c.sourceVersion ? `, last update ${c.sourceVersion}` : '';
        return `source ${c.change}: ${what}${update}`;
      }
    }
    return '';
  });
  if (identical) parts.push('identical content');
  return parts.join(', ') || 'content changed';
}

function unchangedTable(name: string, m: SnapshotView['manifest']): TableChange {
  const r = csvResources(m).find((x) => x.name === name);
  const rows = r?.rows ?? 0;
  return {
    table: name,
    primaryKey: [...(r?.schema.primaryKey ?? [])],
    rows: { before: rows, after: rows },
    added: 0,
    removed: 0,
    changed: 0,
    keys: [],
  };
}

const NO_ROWS = CsvLines.parse('', 'no table');

function rowsOf(view: SnapshotView, table: string): TableRows {
  const present = csvResources(view.manifest).some((r) => r.name === table);
  if (!present) return NO_ROWS;
  const rows = view.rows[table];
  if (!rows) throw new Error(`the rows of ${table} in ${view.version} were not given (see tablesToCompare)`);
  return rows;
}

function diffTable(name: string, before: SnapshotView, after: SnapshotView, limit: number): TableChange {
  const resource =
    csvResources(after.manifest).find((r) => r.name === name) ??
    csvResources(before.manifest).find((r) => r.name === name);
  const primaryKey = [...(resource?.schema.primaryKey ?? [])];
  const oldRows = rowsOf(before, name);
  const newRows = rowsOf(after, name);
  const old = new KeyIndex(oldRows, primaryKey);
  const now = new KeyIndex(newRows, primaryKey);
  const keyCells = (key: string) => (primaryKey.length === 0 ? [] : CsvLines.cellsOf(key));
  // The same columns in the same order: equal record texts are equal rows, and most are never split.
  const sameColumns = oldRows.columns.join(',') === newRows.columns.join(',');
  const columns = [...new Set([...oldRows.columns, ...newRows.columns])];
  const keys = new FirstKeys(limit);
  let added = 0;
  let removed = 0;
  let changed = 0;
  for (let i = 0; i < newRows.length; i++) {
    if (!now.holds(i)) continue;
    const p = old.find(now, i);
    if (p === -1) {
      added++;
      keys.offer({ change: 'added', key: keyCells(now.keyOf(i)) });
      continue;
    }
    if (sameColumns && newRows.sameRecord(i, oldRows, p)) continue;
    const was = cellsByColumn(oldRows, p);
    const is = cellsByColumn(newRows, i);
    const differ = columns.filter((c) => was.get(c) !== is.get(c));
    if (differ.length > 0) {
      changed++;
      keys.offer({ change: 'changed', key: keyCells(now.keyOf(i)), columns: differ });
    }
  }
  for (let p = 0; p < oldRows.length; p++) {
    if (!old.holds(p)) continue;
    if (now.find(old, p) !== -1) continue;
    removed++;
    keys.offer({ change: 'removed', key: keyCells(old.keyOf(p)) });
  }
  return {
    table: name,
    primaryKey,
    rows: { before: old.size, after: now.size },
    added,
    removed,
    changed,
    keys: keys.list,
  };
}

function cellsByColumn(rows: TableRows, i: number): Map<string, string> {
  const cells = rows.cells(i);
  return new Map(rows.columns.map((c, j) => [c, cells[j] as string]));
}

/** A column's cell of record `i`, '' where the table has no such column; the record's other cells not split. */
function cellReader(rows: TableRows, column: string): (i: number) => string {
  const j = rows.indexOf(column);
  return (i) => (j === undefined ? '' : rows.cell(i, j));
}

/**
 * The first `limit` changed keys in key order, kept as they are offered: a table's changes can be 10⁵ keys, of
 * which the document lists 50.
 */
class FirstKeys {
  readonly list: TableChange['keys'] = [];

  constructor(private readonly limit: number) {}

  offer(entry: TableChange['keys'][number]): void {
    const { list } = this;
    const last = list[list.length - 1];
    if (list.length >= this.limit && (!last || compareKeys(entry.key, last.key) >= 0)) return;
    let at = list.length;
    while (at > 0 && compareKeys(entry.key, (list[at - 1] as TableChange['keys'][number]).key) < 0) at--;
    list.splice(at, 0, entry);
    if (list.length > this.limit) list.pop();
  }
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Node activities per region and level (the year left out: a new reference year compares like for like). Only
 * regions and levels with a node are listed: one without any in either version has nothing gained or lost.
 */
function nodeSets(rows: TableRows): Map<string, Set<string>> {
  const sets = new Map<string, Set<string>>();
  const [region, level, node, activity] = ['region', 'level', 'node', 'activity'].map((c) =>
    cellReader(rows, c),
  );
  for (let i = 0; i < rows.length; i++) {
    if (node?.(i) !== 'true') continue;
    const key = `${region?.(i)}\u0000${level?.(i)}`;
    const set = sets.get(key) ?? new Set<string>();
    sets.set(key, set.add(activity?.(i) ?? ''));
  }
  return sets;
}

function nodeChanges(before: TableRows, after: TableRows, limit: number): Changes['nodes'] {
  const old = nodeSets(before);
  const now = nodeSets(after);
  const keys = [...new Set([...old.keys(), ...now.keys()])].sort();
  const changes: Changes['nodes']['first'] = [];
  let gained = 0;
  let lost = 0;
  for (const key of keys) {
    const [region = '', level = ''] = key.split('\u0000');
    const a = old.get(key) ?? new Set<string>();
    const b = now.get(key) ?? new Set<string>();
    const plus = [...b].filter((x) => !a.has(x)).sort();
    const minus = [...a].filter((x) => !b.has(x)).sort();
    if (plus.length === 0 && minus.length === 0) continue;
    gained += plus.length;
    lost += minus.length;
    changes.push({ region, level, gained: plus, lost: minus });
  }
  return { regions: changes.length, gained, lost, first: changes.slice(0, limit) };
}

function rankChanges(before: TableRows, after: TableRows, limit: number): Changes['ranks'] {
  const rank = (v: string) => (v === '' ? null : Number(v));
  const ranks = (rows: TableRows) => {
    const [geo, ecosystem, rankOf] = ['geo', 'ecosystem', 'rank'].map((c) => cellReader(rows, c));
    const byKey = new Map<string, number | null>();
    for (let i = 0; i < rows.length; i++) {
      byKey.set(`${geo?.(i)}\u0000${ecosystem?.(i)}`, rank(rankOf?.(i) ?? ''));
    }
    return byKey;
  };
  const old = ranks(before);
  const now = ranks(after);
  const changes: Changes['ranks']['first'] = [];
  for (const key of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const from = old.get(key) ?? null;
    const to = now.get(key) ?? null;
    if (from === to) continue;
    const [geo = '', ecosystem = ''] = key.split('\u0000');
    changes.push({ geo, ecosystem, from, to });
  }
  return {
    changed: changes.length,
    geos: new Set(changes.map((c) => c.geo)).size,
    first: changes.slice(0, limit),
  };
}
