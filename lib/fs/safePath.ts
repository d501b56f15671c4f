import { PublishError } from '../errors.ts';

/** A path inside a folder as a manifest or a caller names it: relative, `/`-separated, never `..`. */
export function safeRelative(path: string): string {
  const parts = path.split('/');
  if (
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    parts.some((p) => p === '..' || p === '')
  ) {
    throw new PublishError(`"${path}" is not a relative path inside a snapshot`);
  }
  return path;
}

/** One path segment (a version id): no separator, not `.` or `..`. */
export function safeSegment(name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name)) {
    throw new PublishError(`"${name}" is not a version id`);
  }
  return name;
}
