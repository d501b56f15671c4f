/**
 * Number formats of the pages, written out so that no locale or ICU build changes the bytes:
 * a share as a percentage with one decimal, a score with at most one decimal, counts as integers.
 */

export function percent(share: number | null): string {
  return share === null ? 'n/a' : `${(share * 100).toFixed(1)} %`;
}

export function score(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
