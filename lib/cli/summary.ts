import type { ComputedTables } from '../model/computedTables.ts';

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);
/** ` [2 divisions without data]`: an incomplete figure, marked where it is printed. */
const incomplete = (n: number) => (n > 0 ? ` [${n} division${n === 1 ? '' : 's'} without data]` : '');

/**
 * A short human summary of a snapshot for the given countries and the benchmark: the latest year's figures,
 * each ecosystem's rank in the first year of the series, and per region which nodes are new, persistent
 * (since when) or lost. Pure text.
 */
export function summarise(t: ComputedTables, countries: readonly string[], benchmark: string): string[] {
  const out: string[] = [];
  const first = t.years[0] ?? t.year;
  out.push(
    t.years.length > 1
      ? `years ${first}–${t.year} (${t.years.length}); figures for the latest, ${t.year}`
      : `year ${t.year} (a single year: no changes to show)`,
  );
  for (const geo of [...countries, benchmark]) {
    out.push(`${geo} (${t.year})`, ...ecosystemLines(t, geo, benchmark));
    if (geo !== benchmark) out.push(...regionLines(t, geo));
    out.push(...organisationLines(t, geo === benchmark ? 'EU27_2020' : geo));
    const m = t.maturity.find((r) => r.country === geo);
    if (m) {
      out.push(
        `  policy maturity (${m.assessedOn}): scope ${m.policyScope} + continuity ${m.continuity} + evidence ${m.evidence} + instruments ${m.instruments} = ${m.total} of 8`,
      );
    }
  }
  return out;
}

/** The five largest ecosystems of the latest year (with their rank in the first), then the incomplete ones. */
function ecosystemLines(t: ComputedTables, geo: string, benchmark: string): string[] {
  const out: string[] = [];
  const first = t.years[0] ?? t.year;
  const several = t.years.length > 1;
  const eco = t.ecosystemEmployment
    .filter((r) => r.geo === geo && r.year === t.year && r.rank !== null)
    .sort((a, b) => (a.rank as number) - (b.rank as number));
  const firstRank = new Map(
    t.ecosystemEmployment.filter((r) => r.geo === geo && r.year === first).map((r) => [r.ecosystem, r.rank]),
  );
  if (eco.length === 0) out.push('  ecosystems: no data');
  else {
    out.push(`  ecosystems by employment${several ? ` (rank in ${first})` : ''}:`);
    for (const r of eco.slice(0, 5)) {
      const mark = r.specialised ? ` (specialised; ${benchmark} ${pct(r.benchmarkShare)})` : '';
      const was = several ? ` (${firstRank.get(r.ecosystem) ?? 'n/a'})` : '';
      out.push(`    ${r.rank}. ${r.ecosystem} ${pct(r.share)}${mark}${was}${incomplete(r.missingDivisions)}`);
    }
    if (eco.length > 5) out.push(`    … ${eco.length - 5} more in ecosystem_employment.csv`);
  }
  const gaps = t.ecosystemEmployment.filter(
    (r) => r.geo === geo && r.year === t.year && r.missingDivisions > 0,
  );
  if (gaps.length > 0) {
    out.push(
      `  incomplete: ${gaps.map((r) => `${r.ecosystem}${incomplete(r.missingDivisions)}${r.employment === null ? ' (no figure)' : ''}`).join('; ')}`,
    );
  }
  return out;
}

/** Per level (NACE, ecosystem): each region's node count and top five, then its node changes. */
function regionLines(t: ComputedTables, country: string): string[] {
  const out: string[] = [];
  const several = t.years.length > 1;
  const regions = t.regionNodes.filter((r) => r.region.startsWith(country) && r.year === t.year);
  for (const level of ['nace', 'ecosystem'] as const) {
    const rows = regions.filter((r) => r.level === level);
    if (rows.length === 0) continue;
    const name = level === 'nace' ? 'NACE' : 'ecosystem';
    out.push(`  ${name} nodes per region (count: top 5):`);
    for (const r of rows) {
      const missing = r.missingCells > 0 ? ` [${r.missingCells} cells without LQ]` : '';
      out.push(`    ${r.region} ${r.nodeCount}: ${r.top5.join(', ') || '-'}${missing}`);
    }
    if (several) {
      out.push(`  ${name} node changes ${t.years.at(-2)} → ${t.year}:`);
      for (const r of rows) out.push(`    ${r.region}: ${nodeChanges(t, r.region, level)}`);
    }
  }
  return out;
}

/** Cluster organisations (by region) and their members' composition, for a country or EU27_2020. */
function organisationLines(t: ComputedTables, geo: string): string[] {
  const out: string[] = [];
  const orgs = t.clusterOrganisations.filter((r) => r.country === geo);
  const total = orgs.find((r) => r.scope === 'total');
  if (total) {
    const byRegion = orgs
      .filter((r) => r.scope === 'region' || r.scope === 'region_unresolved')
      .map((r) => `${r.key || 'unresolved'} ${r.count}`);
    out.push(`  cluster organisations: ${total.count}${byRegion.length ? ` (${byRegion.join(', ')})` : ''}`);
  }
  const members = t.memberComposition.find((r) => r.geo === geo);
  if (members?.members) {
    out.push(
      `  members: SMEs ${pct(members.smeShare)}, large ${pct(members.largeShare)}, research ${pct(members.researchShare)}, other ${pct(members.otherShare)}`,
    );
  }
  return out;
}

/** `new A, B; persistent C (since 2015); lost D` for one region and level, from node_history. */
function nodeChanges(t: ComputedTables, region: string, level: 'nace' | 'ecosystem'): string {
  const rows = t.nodeHistory.filter((r) => r.region === region && r.level === level);
  const of = (status: string) => rows.filter((r) => r.status === status);
  const parts = [
    of('new').length > 0
      ? `new ${of('new')
          .map((r) => r.activity)
          .join(', ')}`
      : '',
    of('persistent').length > 0
      ? `persistent ${of('persistent')
          .map((r) => `${r.activity} (since ${r.nodeSince})`)
          .join(', ')}`
      : '',
    of('lost').length > 0
      ? `lost ${of('lost')
          .map((r) => r.activity)
          .join(', ')}`
      : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? parts.join('; ') : 'no nodes in any year';
}
