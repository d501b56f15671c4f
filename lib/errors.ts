/**
 * Typed errors. Each one says where the problem is and what to do about it, because the CLI prints
 * `message` as-is and exits 1.
 */

export interface InputLocation {
  /** Path of the input as the user named it (relative to the input directory where possible). */
  file: string;
  /** 1-based line (or CSV record) number, when known. */
  line?: number;
  /** Column, dimension or JSON path that is wrong. */
  field?: string;
}

export function formatLocation(loc: InputLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.field !== undefined) s += ` field "${loc.field}"`;
  return s;
}

/** Bad input data: a malformed line, an unknown code, a negative value, a missing column, … */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly reason: string;
  constructor(
    readonly location: InputLocation,
    reason: string,
    readonly hint?: string,
  ) {
    // The reason quotes file content: at most a short, sanitised excerpt of each quoted part, so that an
    // error never prints a whole line of a file (which may be a secret a symbolic link pointed at).
    const safe = reason.replace(/"([^"]*)"/g, (_m, quoted: string) => `"${excerpt(quoted)}"`);
    super(`${formatLocation(location)}: ${safe}${hint ? `. ${hint}` : ''}`);
    this.reason = safe;
  }
}

/** The configuration document is invalid or contradicts the data. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * A document the pipeline passes between its own parts (a workflow step's event, a stored pointer or index)
 * does not have the expected shape: started by hand with a wrong payload, or written by another version.
 */
export class InvalidDocumentError extends Error {
  override readonly name = 'InvalidDocumentError';
}

/** Publishing failed or would break the store's guarantees (e.g. the latest pointer moved under us). */
export class PublishError extends Error {
  override readonly name: string = 'PublishError';
  constructor(
    message: string,
    /** What happened to the latest pointer, said truthfully (the CLI prints it instead of its default). */
    readonly latestNote?: string,
  ) {
    super(message);
  }
}

/**
 * Another run moved the latest pointer while this one computed; this run's version was removed. Not a
 * failure of the data: the newer run's snapshot stands. When both computed the same inputs and code
 * (`sameInputs`), the outcome is the same as `unchanged`.
 */
export class SupersededError extends PublishError {
  override readonly name = 'SupersededError';
  constructor(
    readonly expected: string | null,
    readonly actual: string | null,
    readonly sameInputs = false,
  ) {
    super(
      `superseded: latest is ${actual ?? 'none'}, this run started from ${expected ?? 'none'}`,
      `This run's version was removed; the latest snapshot is ${actual ?? 'none'}.`,
    );
  }
}

/**
 * Another execution of the refresh holds the run lease: this one must not race it. The state machine retries
 * the check step on this error's name until the lease is released or expires.
 */
export class RunInProgressError extends Error {
  override readonly name = 'RunInProgressError';
  constructor(
    readonly holder: string,
    /** When the holder's lease expires (ISO 8601), even if it never releases it. */
    readonly expires: string,
  ) {
    super(
      `run ${holder} is in progress (its lease expires at ${expires}): this run waits for it; ` +
        'if that execution is no longer running, delete the LEASE item (docs/operations.md)',
    );
  }
}

/** What a storage failure means for the user, by errno code. */
const STORAGE_ADVICE: Record<string, { what: string; todo: string }> = {
  ENOSPC: { what: 'no space left on the device', todo: 'free space on that disk, then run again' },
  EDQUOT: { what: 'disk quota exceeded', todo: 'free space or raise the quota, then run again' },
  EACCES: { what: 'permission denied', todo: 'give this user write access to it, or choose another --out' },
  EPERM: {
    what: 'operation not permitted',
    todo: 'check the permissions of that folder, or choose another --out',
  },
  EROFS: { what: 'the file system is read-only', todo: 'choose an --out on a writable disk' },
  ENOTDIR: {
    what: 'a part of the path is a file, not a folder',
    todo: 'remove or rename that file, or choose another --out',
  },
  EISDIR: { what: 'a folder is where a file was expected', todo: 'remove or rename that folder' },
  EMFILE: { what: 'too many open files', todo: 'raise the open-file limit (ulimit -n), then run again' },
  EIO: { what: 'an input/output error from the disk', todo: 'check the disk, then run again' },
};

/**
 * A file-system write or read failed for a reason outside the program (full disk, permissions, read-only
 * disk, a file where a folder should be). One line: the path, what happened, what to do, and (from a
 * store) whether the latest snapshot moved.
 */
export class StorageError extends PublishError {
  override readonly name = 'StorageError';
  constructor(
    readonly code: string,
    readonly path: string,
    /** The sentence about `latest`, when the failure happened while publishing. */
    latestNote?: string,
  ) {
    const advice = STORAGE_ADVICE[code] ?? { what: `error ${code}`, todo: 'fix the cause, then run again' };
    super(`${path}: ${advice.what} (${code}); ${advice.todo}`, latestNote);
  }
}

/** An errno failure (`ENOSPC`, `EACCES`, …) with the path it names, or undefined for any other error. */
export function storageErrorOf(err: unknown, latestNote?: string): StorageError | undefined {
  if (err instanceof StorageError)
    return latestNote && !err.latestNote ? new StorageError(err.code, err.path, latestNote) : err;
  const e = err as NodeJS.ErrnoException | undefined;
  if (!e || typeof e.code !== 'string' || !/^E[A-Z]+$/.test(e.code) || e.code === 'ENOENT') return undefined;
  const dest = (e as { dest?: string }).dest;
  return new StorageError(e.code, e.path ?? dest ?? '(unknown path)', latestNote);
}

/** At most `max` characters of a file's content, control characters shown as `?`, for an error message. */
export function excerpt(text: string, max = 40): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * An archived input's bytes (`raw/…/<sha256>.<ext>`) do not hash to the sha256 the object is named by: the
 * copy is damaged. Nothing is published from it.
 */
export class ArchiveIntegrityError extends InputError {
  constructor(
    readonly key: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      { file: key },
      `the archived bytes hash to ${found}, not ${expected} as the file is named: the copy is damaged`,
      'Delete it and run a live refresh to fetch it again, or restore it from a backup',
    );
  }
}
