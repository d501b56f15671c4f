import type { Notice } from '../model/notice.ts';

/**
 * One list of notices from each year's: a notice every year gives once, as it is; one only some years give
 * once, prefixed with those years (`2015, 2016: …`). First-seen order.
 */
export function mergeYearNotices(perYear: ReadonlyArray<readonly [string, readonly Notice[]]>): Notice[] {
  const years = new Map<string, { notice: Notice; years: string[] }>();
  for (const [year, notices] of perYear) {
    for (const n of notices) {
      const key = `${n.table ?? ''}\u0000${n.message}`;
      const seen = years.get(key);
      if (seen === undefined) years.set(key, { notice: n, years: [year] });
      else if (seen.years.at(-1) !== year) seen.years.push(year);
    }
  }
  return [...years.values()].map(({ notice, years: ys }) =>
    ys.length === perYear.length || perYear.length === 1
      ? notice
      : { ...notice, message: `${ys.join(', ')}: ${notice.message}` },
  );
}
