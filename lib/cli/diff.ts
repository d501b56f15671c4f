import { FsSnapshotStore } from '../fs/fsSnapshotStore.ts';
import { storedChanges } from '../refresh/changeHistory.ts';
import type { Changes } from '../snapshot/changes.ts';
import { SourceError } from '../stores/snapshotSource.ts';

/** The changes from version `a` to version `b` of a local output directory (`latest` names the latest). */
export async function diffVersions(out: string, a: string, b: string): Promise<Changes> {
  const store = new FsSnapshotStore(out);
  const resolveId = async (v: string) => {
    const id = v === 'latest' ? (await store.latest())?.version : v;
    if (!id) throw new SourceError(`${out} has no latest snapshot`);
    if (!(await store.readFile(id, 'datapackage.json'))) {
      throw new SourceError(`${store.locate(id)} not found: ${id} is not a version in ${out}`);
    }
    return id;
  };
  return storedChanges(store, await resolveId(a), await resolveId(b));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The document as lines for people: the reason, then per table, nodes and ranks what changed. */
export function formatChanges(c: Changes): string[] {
  const lines = [`${c.version} against ${c.previous ?? 'nothing (first version)'}`, `reason: ${c.reason}`];
  if (c.identicalTo) lines.push(`identical content to ${c.identicalTo}`);
  for (const cause of c.causes) {
    if (cause.kind !== 'source') continue;
    const was = cause.previousSourceVersion ?? 'unknown';
    const now = cause.sourceVersion ?? 'unknown';
    lines.push(`  ${cause.role} ${cause.name} (${cause.path}): ${cause.change}, last update ${was} → ${now}`);
  }
  lines.push('', 'tables (rows added / removed / changed):');
  const width = Math.max(...c.tables.map((t) => t.table.length), 5);
  let truncated = false;
  for (const t of c.tables) {
    lines.push(
      `  ${t.table.padEnd(width)}  +${t.added} -${t.removed} ~${t.changed}  (${t.rows.before} → ${t.rows.after} rows)`,
    );
    for (const k of t.keys) {
      const sign = k.change === 'added' ? '+' : k.change === 'removed' ? '-' : '~';
      const columns = k.columns ? `  [${k.columns.join(', ')}]` : '';
      lines.push(`      ${sign} ${t.primaryKey.map((p, i) => `${p}=${k.key[i]}`).join(' ')}${columns}`);
    }
    if (t.keys.length < t.added + t.removed + t.changed && c.previous) truncated = true;
  }
  lines.push(
    '',
    `nodes: ${c.nodes.gained} gained, ${c.nodes.lost} lost, in ${plural(c.nodes.regions, 'region')} (per level)`,
  );
  for (const n of c.nodes.first) {
    const parts = [...n.gained.map((a) => `+${a}`), ...n.lost.map((a) => `-${a}`)];
    lines.push(`  ${n.region} ${n.level}: ${parts.join(' ')}`);
  }
  lines.push(
    `ecosystem ranks: ${plural(c.ranks.changed, 'move')} in ${plural(c.ranks.geos, 'geography', 'geographies')}`,
  );
  for (const r of c.ranks.first) lines.push(`  ${r.geo} ${r.ecosystem}: ${r.from ?? '–'} → ${r.to ?? '–'}`);
  if (truncated || c.nodes.first.length < c.nodes.regions || c.ranks.first.length < c.ranks.changed) {
    lines.push('', `(the first ${c.detailLimit} keys of each list are shown; the counts are complete)`);
  }
  return lines;
}
