import { classifyNaceCode, type NaceClassification } from '../classifications/nace.ts';
import { ConfigError } from '../errors.ts';
import type { Cube } from '../eurostat/parse/cube.ts';
import type { Notice } from '../model/notice.ts';

export interface ActivitySet {
  /** Divisions when the regional source has any; else its sections (the ecosystem level is then skipped). */
  level: 'division' | 'section';
  activities: string[];
  notices: Notice[];
}

/** The activities the location quotients are computed on: the regional source's divisions, else its sections. */
export function activitySet(regional: Cube, nace: NaceClassification): ActivitySet {
  const notices: Notice[] = [];
  const codes = new Set<string>();
  for (const byActivity of regional.cells.values()) for (const a of byActivity.keys()) codes.add(a);
  const kinds = new Map([...codes].map((c) => [c, classifyNaceCode(c, nace)]));
  const divisions = [...codes].filter((c) => kinds.get(c) === 'division').sort();
  if (divisions.length > 0) {
    const dropped = [...codes].filter((c) => kinds.get(c) !== 'division' && kinds.get(c) !== 'total');
    if (dropped.length > 0)
      notices.push({
        table: 'location_quotients',
        message: `non-division codes left out of the NACE level: ${dropped.sort().join(', ')}`,
      });
    return { level: 'division', activities: divisions, notices };
  }
  const sections = [...codes]
    .filter((c) => kinds.get(c) === 'section' || kinds.get(c) === 'sectionGroup')
    .sort();
  if (sections.length === 0)
    throw new ConfigError(
      `${regional.file} has no NACE activity codes after filtering; check activityDimension and the filters`,
    );
  return { level: 'section', activities: sections, notices };
}
