const NEEDS_QUOTES = /[",\n]/;

/**
 * A cell as the snapshot's CSV files write it: quoted only when it holds a comma, a double quote or a line
 * feed, its quotes doubled. One text per cell, so that it also serves as a cell's canonical form
 * (lib/snapshot/changes.ts keys records by it).
 */
export function csvField(value: string): string {
  if (value === '' || !NEEDS_QUOTES.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}
