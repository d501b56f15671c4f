/**
 * The 14 industrial ecosystems, spelled as the ECCP factsheets spell them, and the NACE division → ecosystem
 * mapping (a replaceable input: `weight` is the share of the division's employment counted in the ecosystem).
 */

export const ECOSYSTEMS = [
  'Aerospace & Defence',
  'Agri-food',
  'Construction',
  'Creative & Cultural Industries',
  'Digital',
  'Electronics',
  'Energy Intensive Industries',
  'Health',
  'Mobility-Transport-Automotive',
  'Proximity, Social Economy and Civil Security',
  'Renewable Energy',
  'Retail',
  'Textiles',
  'Tourism',
] as const;

export type Ecosystem = (typeof ECOSYSTEMS)[number];

/** Other spellings met in the sources (Euroclusters call strands, third-party registries). */
const ALIASES: Record<string, Ecosystem> = {
  'aerospace and defence': 'Aerospace & Defence',
  'creative and cultural industries': 'Creative & Cultural Industries',
  'mobility, transport, automotive': 'Mobility-Transport-Automotive',
  'proximity & social economy': 'Proximity, Social Economy and Civil Security',
  'proximity and social economy': 'Proximity, Social Economy and Civil Security',
  'energy-renewables': 'Renewable Energy',
  textile: 'Textiles',
};

const CANONICAL = new Map<string, Ecosystem>(ECOSYSTEMS.map((e) => [e.toLowerCase(), e]));

/** The canonical name for a spelling of an ecosystem, or undefined if it is none of the 14. */
export function canonicalEcosystem(name: string): Ecosystem | undefined {
  const key = name.trim().toLowerCase();
  return CANONICAL.get(key) ?? ALIASES[key];
}

export interface MappingEntry {
  division: string;
  ecosystem: Ecosystem;
  weight: number;
}

/** Division → weighted ecosystems, ready for the metrics. */
export interface EcosystemMapping {
  entries: readonly MappingEntry[];
  /** ecosystem → [division, weight][] */
  byEcosystem: ReadonlyMap<Ecosystem, ReadonlyArray<readonly [string, number]>>;
}

export function buildMapping(entries: readonly MappingEntry[]): EcosystemMapping {
  const byEcosystem = new Map<Ecosystem, Array<readonly [string, number]>>();
  for (const e of ECOSYSTEMS) byEcosystem.set(e, []);
  for (const entry of entries) byEcosystem.get(entry.ecosystem)?.push([entry.division, entry.weight]);
  return { entries, byEcosystem };
}
