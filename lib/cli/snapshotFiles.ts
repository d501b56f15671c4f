import * as z from 'zod/mini';
import '../zodLocale.ts';
import { isSafeRelative } from '../fs/safePath.ts';
import { sha256Hex } from '../snapshot/hashing.ts';
import { listedFiles } from '../snapshot/history.ts';
import { SourceError } from '../stores/snapshotSource.ts';

/** What a consumer needs of a manifest: every file it lists, with its size and hash. */
const fileSchema = z.object({
  path: z.string(),
  bytes: z.number(),
  hash: z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/)),
});
const manifestSchema = z.looseObject({
  version: z.string(),
  resources: z.array(z.looseObject(fileSchema.shape)),
  'eucluster:files': z.optional(
    z.array(z.looseObject({ ...fileSchema.shape, mediatype: z.string(), description: z.string() })),
  ),
});

export const MANIFEST = 'datapackage.json';

export interface ListedFile {
  path: string;
  bytes: number;
  hash: string;
}

/** The manifest's version and files (tables and plain files such as changes.json); throws naming the problem. */
export function manifestFiles(content: Buffer, where: string): { version: string; files: ListedFile[] } {
  let json: unknown;
  try {
    json = JSON.parse(content.toString('utf8'));
  } catch {
    throw new SourceError(`${where} is not JSON`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SourceError(`${where} is not a snapshot manifest: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const files = listedFiles(parsed.data as never);
  for (const f of files) {
    if (!isSafeRelative(f.path) || f.path === MANIFEST) {
      throw new SourceError(`${where} lists "${f.path}", which is not a file inside a snapshot folder`);
    }
  }
  return { version: parsed.data.version, files };
}

export function hashOf(content: Buffer): string {
  return `sha256:${sha256Hex(content)}`;
}

/** One file whose bytes are not those its manifest (or latest.json) gives. */
export interface Mismatch {
  path: string;
  expected: string;
  found: string;
}

export function describeMismatches(mismatches: readonly Mismatch[]): string {
  return mismatches.map((m) => `${m.path} expected ${m.expected}, found ${m.found}`).join('; ');
}
