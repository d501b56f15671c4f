/** A path inside a folder as a manifest or a caller names it: relative, `/`-separated, never `..`. */
export function isSafeRelative(path: string): boolean {
  const parts = path.split('/');
  return !(
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    parts.some((p) => p === '..' || p === '')
  );
}

/** One path segment (a version id): no separator, not `.` or `..`. */
export function isSafeSegment(name: string): boolean {
  return !(name === '' || name === '.' || name === '..' || /[/\\]/.test(name));
}
