/**
 * The snapshot's dimension tables: the region, activity and ecosystem codes its fact tables use, with names,
 * NUTS versions and the ecosystem mapping, read from the reference classifications. Pure: tables and code
 * lists in, rows and notices out.
 */
import { ECOSYSTEMS, type Ecosystem, type EcosystemMapping } from '../classifications/ecosystems.ts';
import { classifyNaceCode, type NaceClassification } from '../classifications/nace.ts';
import { parseGeo } from '../classifications/nuts.ts';
import { type NutsCodeList, nutsVersionsOf } from '../classifications/nutsCodeLists.ts';
import type { ComputedTables } from '../model/computedTables.ts';
import type { Notice } from '../model/notice.ts';

/** The reference classifications the labels come from. */
export interface Classifications {
  nace: NaceClassification;
  mapping: EcosystemMapping;
  /** The bundled NUTS code lists, one per version (data/reference/nuts*_codes_labels.*). */
  nuts: readonly NutsCodeList[];
}

export interface RegionRow {
  code: string;
  /** NUTS level 0–3; null for an aggregate (EU27_2020). */
  level: number | null;
  country: string | null;
  name: string | null;
  /** The NUTS versions, among the bundled lists, that have the code; ascending. */
  nutsVersions: string[];
}

export interface ActivityRow {
  code: string;
  kind: 'division' | 'section' | 'sectionGroup';
  /** The code in the NACE Rev. 2 structure file (`33` for `C33`, `C` for `C`); null for a section group. */
  naceCode: string | null;
  section: string | null;
  label: string | null;
  /** The mapping's ecosystems for a division and their weights, in the mapping's order. */
  ecosystems: Ecosystem[];
  weights: number[];
}

export interface EcosystemRow {
  id: string;
  name: Ecosystem;
}

/** Eurostat's labels of the aggregates the pipeline writes (its `geo` code list). */
const AGGREGATE_LABELS: Record<string, string> = {
  EU27_2020: 'European Union - 27 countries (from 2020)',
  EA20: 'Euro area – 20 countries (from 2023)',
};

/** Region-like codes per fact table (the field each sits in), for the regions table and the NUTS versions. */
export function geoCodesByTable(t: ComputedTables): Map<string, Set<string>> {
  const by = new Map<string, Set<string>>();
  const add = (table: string, codes: Iterable<string>) => by.set(table, new Set(codes));
  add(
    'ecosystem_employment',
    t.ecosystemEmployment.map((r) => r.geo),
  );
  add('location_quotients', t.locationQuotients.column('region'));
  add(
    'region_nodes',
    t.regionNodes.map((r) => r.region),
  );
  add(
    'cluster_organisations',
    t.clusterOrganisations.flatMap((r) => (r.scope === 'region' ? [r.country, r.key] : [r.country])),
  );
  add(
    'member_composition',
    t.memberComposition.map((r) => r.geo),
  );
  add(
    'maturity',
    t.maturity.map((r) => r.country),
  );
  return by;
}

/** One row per region, country or aggregate code the fact tables use, sorted by code. */
export function regionRows(
  t: ComputedTables,
  lists: readonly NutsCodeList[],
): { rows: RegionRow[]; notices: Notice[] } {
  const codes = new Set<string>();
  for (const set of geoCodesByTable(t).values()) for (const c of set) codes.add(c);
  const newestFirst = [...lists].sort((a, b) => (a.version < b.version ? 1 : -1));
  const rows: RegionRow[] = [];
  const unknown: string[] = [];
  for (const code of [...codes].sort()) {
    const geo = parseGeo(code);
    if (geo?.kind === 'aggregate' || geo === undefined) {
      const name = AGGREGATE_LABELS[code] ?? null;
      if (name === null) unknown.push(code);
      rows.push({ code, level: null, country: null, name, nutsVersions: [] });
      continue;
    }
    const nutsVersions = nutsVersionsOf(code, lists);
    // The newest version that has the code names it (a country's name is in the lists that list level 0).
    const name = newestFirst.map((l) => l.units.get(code)?.label).find((l) => l !== undefined) ?? null;
    if (nutsVersions.length === 0) unknown.push(code);
    rows.push({ code, level: geo.level, country: geo.country, name, nutsVersions });
  }
  const notices: Notice[] = [];
  if (unknown.length > 0) {
    notices.push({
      table: 'regions',
      message: `${unknown.length} codes are in none of the bundled NUTS code lists (${versionList(lists)}) or aggregate labels, so have no name or NUTS version: ${unknown.join(', ')}`,
    });
  }
  return { rows, notices };
}

/**
 * The NUTS versions, among the bundled lists, that have every NUTS code of each fact table (aggregates and
 * unknown codes left out); a notice where no one version has them all, naming the codes each lacks.
 */
export function tableNutsVersions(
  t: ComputedTables,
  lists: readonly NutsCodeList[],
): { versions: Map<string, string[]>; notices: Notice[] } {
  const versions = new Map<string, string[]>();
  const notices: Notice[] = [];
  for (const [table, codes] of geoCodesByTable(t)) {
    const nuts = [...codes].filter(
      (c) => parseGeo(c)?.kind === 'nuts' && nutsVersionsOf(c, lists).length > 0,
    );
    if (nuts.length === 0) continue;
    const fits = lists
      .filter((l) => nuts.every((c) => nutsVersionsOf(c, [l]).length > 0))
      .map((l) => l.version);
    versions.set(table, fits.sort());
    if (fits.length === 0) {
      const lacking = lists.map((l) => {
        const missing = nuts.filter((c) => nutsVersionsOf(c, [l]).length === 0).sort();
        return `not in NUTS ${l.version}: ${missing.slice(0, 12).join(', ')}${missing.length > 12 ? `, … (${missing.length})` : ''}`;
      });
      notices.push({
        table,
        message: `its region codes are in no single bundled NUTS version (${versionList(lists)}), probably another NUTS version (Eurostat's regional tables for 2014–2023 use NUTS 2021, not bundled) or a country a list does not cover; ${lacking.join('; ')}`,
      });
    }
  }
  return { versions, notices };
}

/** One row per NACE code the NACE-level rows of location_quotients and region_nodes use, sorted by code. */
export function activityRows(
  t: ComputedTables,
  nace: NaceClassification,
  mapping: EcosystemMapping,
): { rows: ActivityRow[]; notices: Notice[] } {
  const codes = new Set<string>();
  const lq = t.locationQuotients;
  for (let i = 0; i < lq.length; i++) if (lq.levelAt(i) === 'nace') codes.add(lq.activityAt(i));
  for (const r of t.regionNodes) if (r.level === 'nace') for (const a of r.top5) codes.add(a);
  const rows: ActivityRow[] = [];
  const unknown: string[] = [];
  for (const code of [...codes].sort()) {
    const kind = classifyNaceCode(code, nace);
    if (kind === 'division') {
      const d = nace.divisions.get(code);
      const entries = mapping.entries.filter((e) => e.division === code);
      rows.push({
        code,
        kind,
        naceCode: code.slice(1),
        section: d?.section ?? null,
        label: d?.label ?? null,
        ecosystems: entries.map((e) => e.ecosystem),
        weights: entries.map((e) => e.weight),
      });
    } else if (kind === 'section') {
      rows.push({
        code,
        kind,
        naceCode: code,
        section: code,
        label: nace.sections.get(code) ?? null,
        ecosystems: [],
        weights: [],
      });
    } else if (kind === 'sectionGroup') {
      const letters = sectionLetters(code);
      const labels = letters.map((l) => nace.sections.get(l));
      rows.push({
        code,
        kind,
        naceCode: null,
        section: null,
        label: labels.every((l) => l !== undefined) ? labels.join('; ') : null,
        ecosystems: [],
        weights: [],
      });
    } else {
      unknown.push(code);
    }
  }
  const notices: Notice[] = [];
  if (unknown.length > 0) {
    notices.push({
      table: 'activities',
      message: `${unknown.length} activity codes are not in the NACE Rev. 2 structure (left out of activities): ${unknown.join(', ')}`,
    });
  }
  return { rows, notices };
}

/** One row per ecosystem the fact tables or the activities' mapping name, in the canonical order. */
export function ecosystemRows(t: ComputedTables, activities: readonly ActivityRow[]): EcosystemRow[] {
  const used = new Set<string>();
  for (const r of t.ecosystemEmployment) used.add(r.ecosystem);
  const lq = t.locationQuotients;
  for (let i = 0; i < lq.length; i++) if (lq.levelAt(i) === 'ecosystem') used.add(lq.activityAt(i));
  for (const r of t.clusterOrganisations) if (r.scope === 'ecosystem') used.add(r.key);
  for (const a of activities) for (const e of a.ecosystems) used.add(e);
  return ECOSYSTEMS.filter((e) => used.has(e)).map((name) => ({ id: ecosystemId(name), name }));
}

/** A stable, URL-safe id: `Aerospace & Defence` → `aerospace-and-defence`. */
export function ecosystemId(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('&', 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** `B-E` → B, C, D, E (a range); `M_N` → M, N (a union). */
function sectionLetters(group: string): string[] {
  const out: string[] = [];
  const parts = group.split('_');
  for (const p of parts) {
    const [from, to] = p.split('-') as [string, string?];
    if (to === undefined) out.push(from);
    else for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) out.push(String.fromCharCode(c));
  }
  return out;
}

function versionList(lists: readonly NutsCodeList[]): string {
  return (
    lists
      .map((l) => l.version)
      .sort()
      .join(', ') || 'none given'
  );
}
