import type { FactsheetInput, FactsheetSource } from './input.ts';

/** Which inputs each part of a page is computed from (roles as the manifest records them). */
export const SOURCE_ROLES = {
  ecosystems: ['nationalByDivision', 'mapping'],
  nodes: ['regionalByActivity', 'regionalTotal', 'mapping', 'classification'],
  organisations: ['clusterOrganisations', 'cityLookup'],
  maturity: ['policy'],
} as const satisfies Record<string, readonly string[]>;

export type SourcePart = keyof typeof SOURCE_ROLES;

/** The sources of one part; a policy file counts only for its own country. */
export function sourcesOf(input: FactsheetInput, part: SourcePart, country: string): FactsheetSource[] {
  const roles: readonly string[] = SOURCE_ROLES[part];
  return input.sources.filter(
    (s) => roles.includes(s.role) && (s.role !== 'policy' || s.dataset === country),
  );
}

function describe(s: FactsheetSource): string {
  const title = s.title ? ` (${s.title})` : '';
  const update = s.lastUpdate ? `last update ${s.lastUpdate}` : 'last update not recorded';
  return `${s.dataset}${title}, ${s.synthetic ? 'SYNTHETIC, ' : ''}${update}`;
}

/** `Source: eucluster snapshot V, computed from A (…, last update …); B (…).` */
export function sourceLine(input: FactsheetInput, part: SourcePart, country: string): string {
  const list = sourcesOf(input, part, country);
  const from = list.length > 0 ? `, computed from ${list.map(describe).join('; ')}` : '';
  return `Source: eucluster snapshot ${input.snapshotVersion}${from}.`;
}
