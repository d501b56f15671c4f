/**
 * NACE Rev. 2 codes as Eurostat writes them in its datasets: a division is its section letter plus two digits
 * (`C20`), a section is one letter (`C`), a section group joins letters with `-` (range) or `_` (union):
 * `B-E`, `M_N`, `G-I`.
 */

export type NaceCodeKind = 'division' | 'section' | 'sectionGroup' | 'total' | 'other';

export interface NaceDivision {
  /** Eurostat code, e.g. `C20`. */
  code: string;
  section: string;
  label: string;
}

export interface NaceClassification {
  divisions: ReadonlyMap<string, NaceDivision>;
  sections: ReadonlyMap<string, string>;
}

const SECTION_LETTERS = 'ABCDEFGHIJKLMNOPQRSTU';

/** Aggregates Eurostat uses next to activity codes that are not activities themselves. */
export const NON_ACTIVITY_CODES: ReadonlySet<string> = new Set(['TOTAL']);

/**
 * Codes Eurostat's labour-force datasets put in the activity dimension beside the sections or divisions
 * that are no activity at all: `NRP` (no response: `lfsa_egan22d`, `lfst_r_lfe2en2`) and `UNK` (unknown).
 * They are dropped where a file is read (with a notice), so they never enter a sum as an activity; `TOTAL`
 * is kept (it is the total, not a part).
 */
export const NOT_AN_ACTIVITY: ReadonlyMap<string, string> = new Map([
  ['NRP', 'no response'],
  ['UNK', 'unknown activity'],
]);

export function classifyNaceCode(code: string, nace: NaceClassification): NaceCodeKind | 'unknown' {
  if (NON_ACTIVITY_CODES.has(code)) return 'total';
  if (nace.divisions.has(code)) return 'division';
  if (nace.sections.has(code)) return 'section';
  if (/^[A-U]([-_][A-U])+$/.test(code)) {
    const letters = code.split(/[-_]/);
    const ordered = letters.every(
      (l, i) => i === 0 || SECTION_LETTERS.indexOf(l) > SECTION_LETTERS.indexOf(letters[i - 1] ?? ''),
    );
    return ordered ? 'sectionGroup' : 'unknown';
  }
  return 'unknown';
}
