/**
 * Deterministic generator for the bundled SYNTHETIC consortia (see data/sample/PROVENANCE.md).
 *
 * Reads:  data/sample/eccp/cluster_organisations.csv (real organisation names and countries)
 * Writes: data/sample/eccp/synthetic_consortia.csv
 *
 * The consortia are invented: names and ids say SYNTHETIC, every line has `synthetic` = true, and which
 * organisations are partners of which consortium is drawn at random. Every draw comes from a mulberry32
 * stream seeded by a hash of SEED, the programme, the consortium number and the draw's label, so the output
 * does not depend on the clock or Math.random. Run: npx tsx scripts/generate-consortia.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import type { ClusterOrganisation } from '../lib/clusters/contract.ts';
import { parseClusterOrganisationsCsv } from '../lib/clusters/parse.ts';
import { CONSORTIA_CSV_COLUMNS, type Programme } from '../lib/cooperation/contract.ts';
import { hash32, mulberry32 } from './seededRandom.ts';

const SEED = 'eucluster-consortia-v1';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const IN_ORGANISATIONS = join(ROOT, 'data', 'sample', 'eccp', 'cluster_organisations.csv');
export const OUT_CONSORTIA = join(ROOT, 'data', 'sample', 'eccp', 'synthetic_consortia.csv');

/** Consortia per programme; about the factsheet's proportions for Belgium, at a tenth of the scale. */
const CONSORTIA: ReadonlyArray<[Programme, number]> = [
  ['ESCP-4i', 8],
  ['ESCP-4x', 3],
  ['ESCP-S3', 3],
  ['INNOSUP-1', 4],
  ['Euroclusters', 5],
];
/** Partners per consortium, each from a different country. */
const MIN_PARTNERS = 3;
const MAX_PARTNERS = 6;
/**
 * Every other consortium (numbers 1, 3, 5, …) has a Belgian partner, so that BE has figures, drawn from a
 * few Belgian organisations only, so that one organisation is in several consortia (as in the factsheet).
 */
const FOCUS_COUNTRY = 'BE';
const FOCUS_ORGANISATIONS = 6;

/** The CSV text of the synthetic consortia drawn from `organisations` (taken in id order). */
export function generateConsortia(organisations: readonly ClusterOrganisation[]): string {
  const pool = [...organisations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const focus = pool
    .filter((o) => o.country === FOCUS_COUNTRY)
    .map((o) => ({ o, rank: hash32(`${SEED}|focus|${o.id}`) }))
    .sort((a, b) => a.rank - b.rank)
    .slice(0, FOCUS_ORGANISATIONS)
    .map((x) => x.o);
  const records: string[][] = [];
  for (const [programme, count] of CONSORTIA) {
    for (let n = 1; n <= count; n++) {
      const label = String(n).padStart(2, '0');
      const draw = mulberry32(hash32([SEED, programme, label].join('|')));
      const size = MIN_PARTNERS + Math.floor(draw() * (MAX_PARTNERS - MIN_PARTNERS + 1));
      const partners: ClusterOrganisation[] = [];
      if (n % 2 === 1) partners.push(focus[Math.floor(draw() * focus.length)] as ClusterOrganisation);
      while (partners.length < size) {
        const o = pool[Math.floor(draw() * pool.length)] as ClusterOrganisation;
        // Cross-border: one partner per country; Belgium only where it was placed above.
        if (o.country === FOCUS_COUNTRY || partners.some((p) => p.country === o.country)) continue;
        partners.push(o);
      }
      for (const p of partners) {
        records.push([
          programme,
          `synthetic-${programme.toLowerCase()}-${label}`,
          `SYNTHETIC ${programme} consortium ${label}`,
          p.name,
          p.country,
          p.id,
          'true',
        ]);
      }
    }
  }
  return stringify(records, {
    header: true,
    columns: [...CONSORTIA_CSV_COLUMNS, 'organisation_id', 'synthetic'],
    record_delimiter: '\n',
  });
}

/** The organisations the generator draws from: the bundled list, as the pipeline reads it. */
export function sampleOrganisations(): ClusterOrganisation[] {
  return parseClusterOrganisationsCsv(readFileSync(IN_ORGANISATIONS, 'utf8'), IN_ORGANISATIONS).organisations;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const csv = generateConsortia(sampleOrganisations());
  writeFileSync(OUT_CONSORTIA, csv);
  console.log(`wrote ${OUT_CONSORTIA}: ${csv.split('\n').length - 2} SYNTHETIC partner lines`);
}
