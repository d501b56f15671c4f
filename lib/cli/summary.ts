import type { ComputedTables } from '../model/tables.ts';

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);

/** A short human summary of a snapshot for the given countries and the benchmark. Pure text. */
export function summarise(t: ComputedTables, countries: readonly string[], benchmark: string): string[] {
  const out: string[] = [];
  for (const geo of [...countries, benchmark]) {
    const eco = t.ecosystemEmployment
      .filter((r) => r.geo === geo && r.rank !== null)
      .sort((a, b) => (a.rank as number) - (b.rank as number));
    out.push(`${geo} (${t.year})`);
    if (eco.length === 0) out.push('  ecosystems: no data');
    else {
      out.push('  ecosystems by employment:');
      for (const r of eco.slice(0, 5)) {
        const mark = r.specialised ? ` (specialised; ${benchmark} ${pct(r.benchmarkShare)})` : '';
        out.push(`    ${r.rank}. ${r.ecosystem} ${pct(r.share)}${mark}`);
      }
      if (eco.length > 5) out.push(`    … ${eco.length - 5} more in ecosystem_employment.csv`);
    }
    if (geo !== benchmark) {
      const regions = t.regionNodes.filter((r) => r.region.startsWith(geo));
      for (const level of ['nace', 'ecosystem'] as const) {
        const rows = regions.filter((r) => r.level === level);
        if (rows.length === 0) continue;
        out.push(`  ${level === 'nace' ? 'NACE' : 'ecosystem'} nodes per region (count: top 5):`);
        for (const r of rows) {
          const missing = r.missingCells > 0 ? ` [${r.missingCells} cells without LQ]` : '';
          out.push(`    ${r.region} ${r.nodeCount}: ${r.top5.join(', ') || '-'}${missing}`);
        }
      }
    }
    const orgs = t.clusterOrganisations.filter((r) => r.country === (geo === benchmark ? 'EU27_2020' : geo));
    const total = orgs.find((r) => r.scope === 'total');
    if (total) {
      const byRegion = orgs
        .filter((r) => r.scope === 'region' || r.scope === 'region_unresolved')
        .map((r) => `${r.key || 'unresolved'} ${r.count}`);
      out.push(
        `  cluster organisations: ${total.count}${byRegion.length ? ` (${byRegion.join(', ')})` : ''}`,
      );
    }
    const members = t.memberComposition.find((r) => r.geo === (geo === benchmark ? 'EU27_2020' : geo));
    if (members?.members) {
      out.push(
        `  members: SMEs ${pct(members.smeShare)}, large ${pct(members.largeShare)}, research ${pct(members.researchShare)}, other ${pct(members.otherShare)}`,
      );
    }
    const m = t.maturity.find((r) => r.country === geo);
    if (m) {
      out.push(
        `  policy maturity (${m.assessedOn}): scope ${m.policyScope} + continuity ${m.continuity} + evidence ${m.evidence} + instruments ${m.instruments} = ${m.total} of 8`,
      );
    }
  }
  return out;
}
