/** `a`, `a and b`, `a, b and c`. */
export function listJoin(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export function quoted(s: string): string {
  return `“${s}”`;
}
