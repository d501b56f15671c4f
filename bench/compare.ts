/**
 * Checks a peer's tables against eucluster's snapshot CSVs, row by row and year by year (every key has `year`): the same location-quotient cells (LQs, employment
 * and region shares to 1e-9 relative, node flags exact), the same nodes per region (count, top five and
 * missing cells exact) and the same national ecosystem shares (values to 1e-9 relative, specialised and rank
 * exact, but for near-ties: two ecosystems with equal employment to the tolerance may swap ranks).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

export const REL_TOLERANCE = 1e-9;

type Row = Record<string, string>;

function read(path: string): Row[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
}

function index(rows: Row[], key: (r: Row) => string): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const r of rows) out.set(key(r), r);
  return out;
}

function number(text: string | undefined): number | null {
  if (text === undefined || text === '' || text.toLowerCase() === 'nan') return null;
  return Number(text);
}

function bool(text: string | undefined): string {
  return (text ?? '').toLowerCase();
}

function closeEnough(a: string | undefined, b: string | undefined): boolean {
  const x = number(a);
  const y = number(b);
  if (x === null || y === null) return x === y;
  if (x === y) return true;
  return Math.abs(x - y) <= REL_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
}

export interface Comparison {
  ok: boolean;
  lqCells: number;
  nodes: number;
  regions: number;
  ecosystemRows: number;
  problems: string[];
}

/** `ours`: a snapshot's `data/` folder; `theirs`: the peer's output folder. */
export function compareTables(ours: string, theirs: string): Comparison {
  const problems: string[] = [];
  const problem = (p: string) => {
    if (problems.length < 8) problems.push(p);
    else if (problems.length === 8) problems.push('…');
  };

  const lqKey = (r: Row) => `${r.region}|${r.year ?? ''}|${r.level}|${r.activity}`;
  const ourLq = index(read(join(ours, 'location_quotients.csv')), lqKey);
  const theirLq = index(read(join(theirs, 'location_quotients.csv')), lqKey);
  let nodes = 0;
  for (const [k, o] of ourLq) {
    const t = theirLq.get(k);
    if (!t) {
      problem(`LQ ${k}: only in ours`);
      continue;
    }
    for (const f of ['lq', 'employment', 'region_share'])
      if (!closeEnough(o[f], t[f])) problem(`LQ ${k}: ${f} ${o[f]} vs ${t[f]}`);
    if (bool(o.node) !== bool(t.node)) problem(`LQ ${k}: node ${o.node} vs ${t.node}`);
    if (bool(o.node) === 'true') nodes++;
  }
  for (const k of theirLq.keys()) if (!ourLq.has(k)) problem(`LQ ${k}: only in the peer's`);

  const nodeKey = (r: Row) => `${r.region}|${r.year ?? ''}|${r.level}`;
  const ourNodes = index(read(join(ours, 'region_nodes.csv')), nodeKey);
  const theirNodes = index(read(join(theirs, 'region_nodes.csv')), nodeKey);
  for (const [k, o] of ourNodes) {
    const t = theirNodes.get(k);
    if (!t) {
      problem(`nodes ${k}: only in ours`);
      continue;
    }
    for (const f of ['node_count', 'top5', 'missing_cells'])
      if ((o[f] ?? '') !== (t[f] ?? '')) problem(`nodes ${k}: ${f} "${o[f]}" vs "${t[f]}"`);
  }
  for (const k of theirNodes.keys()) if (!ourNodes.has(k)) problem(`nodes ${k}: only in the peer's`);

  const ecoKey = (r: Row) => `${r.geo}|${r.year ?? ''}|${r.ecosystem}`;
  const ourEco = index(read(join(ours, 'ecosystem_employment.csv')), ecoKey);
  const theirEco = index(read(join(theirs, 'ecosystem_employment.csv')), ecoKey);
  // Two ecosystems whose employment is equal to the tolerance (sums of the same divisions in another order) may
  // swap ranks: a near-tie, not a difference.
  const employmentAtRank = index([...ourEco.values()], (r) => `${r.geo}|${r.year ?? ''}|${r.rank}`);
  const nearTie = (o: Row, theirRank: string | undefined) =>
    closeEnough(o.employment, employmentAtRank.get(`${o.geo}|${o.year ?? ''}|${theirRank}`)?.employment);
  for (const [k, o] of ourEco) {
    const t = theirEco.get(k);
    if (!t) {
      problem(`ecosystem ${k}: only in ours`);
      continue;
    }
    for (const f of ['employment', 'share', 'benchmark_share'])
      if (!closeEnough(o[f], t[f])) problem(`ecosystem ${k}: ${f} ${o[f]} vs ${t[f]}`);
    if (bool(o.specialised) !== bool(t.specialised))
      problem(`ecosystem ${k}: specialised ${o.specialised} vs ${t.specialised}`);
    if ((o.rank ?? '') !== (t.rank ?? '') && !nearTie(o, t.rank))
      problem(`ecosystem ${k}: rank ${o.rank} vs ${t.rank}`);
  }
  for (const k of theirEco.keys()) if (!ourEco.has(k)) problem(`ecosystem ${k}: only in the peer's`);

  return {
    ok: problems.length === 0,
    lqCells: ourLq.size,
    nodes,
    regions: new Set([...ourNodes.values()].map((r) => r.region)).size,
    ecosystemRows: ourEco.size,
    problems,
  };
}
