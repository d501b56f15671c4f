/**
 * Number formats of the pages, written out so that no locale or ICU build changes the bytes:
 * a share as a percentage with one decimal, a score with at most one decimal, counts as integers.
 */

export function percent(share: number | null): string {
  return share === null ? 'n/a' : `${(share * 100).toFixed(1)} %`;
}

/** Percentage points with one decimal and a sign: `+6.4 pp`. */
export function points(diff: number): string {
  const v = (diff * 100).toFixed(1);
  return `${diff >= 0 ? '+' : ''}${v} pp`;
}

export function score(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Thousands of persons with one decimal: `997.8`. */
export function thousands(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(1);
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
