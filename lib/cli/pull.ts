import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isSafeSegment } from '../fs/safePath.ts';
import { type Progress, silentProgress } from '../refresh/progress.ts';
import { mapInLanes } from '../stores/lanes.ts';
import { indexSchema, latestPointerSchema } from '../stores/pointer.ts';
import { type SnapshotSource, SourceError } from '../stores/snapshotSource.ts';
import {
  describeMismatches,
  hashOf,
  type ListedFile,
  MANIFEST,
  type Mismatch,
  manifestFiles,
} from './snapshotFiles.ts';
import { verifySnapshot } from './verify.ts';

export interface PullOptions {
  /** A version id, or `latest` (the default). */
  version?: string;
  dest: string;
  progress?: Progress;
}

export interface PullReport {
  version: string;
  dest: string;
  files: number;
  bytes: number;
  /** Files an interrupted pull had already downloaded with the right hash, kept rather than fetched again. */
  kept: number;
  /** Why the manifest itself could not be checked against a recorded hash, when it could not. */
  note?: string;
}

/**
 * Downloads one version into `dest` and verifies it: the manifest against `latest.json`'s (or `index.json`'s)
 * `manifestHash`, every file against the manifest's sha256. Files land in a folder beside `dest`
 * (`.<name>.pull`, kept after a failure so the next pull resumes it) and `dest` is replaced by rename only
 * once everything verifies: it never holds a mix of two versions, nor files of an older one.
 */
export async function pull(source: SnapshotSource, o: PullOptions): Promise<PullReport> {
  const progress = o.progress ?? silentProgress;
  const dest = resolve(o.dest);
  await refuseForeignFolder(dest);
  const layout = await findLayout(source);
  const wanted = o.version && o.version !== 'latest' ? o.version : layout.latest.version;
  if (!isSafeSegment(wanted)) throw new SourceError(`"${wanted}" is not a version id`);
  const expectedManifestHash = await manifestHashOf(source, layout, wanted);

  const folder = `${layout.base}${wanted}/`;
  const manifest = await source.read(folder + MANIFEST);
  if (!manifest) throw new SourceError(`${source.name}: version ${wanted} has no ${folder}${MANIFEST}`);
  const foundManifestHash = hashOf(manifest);
  if (expectedManifestHash.hash && foundManifestHash !== expectedManifestHash.hash) {
    throw new SourceError(
      `${folder}${MANIFEST} does not match ${expectedManifestHash.from}: expected ${expectedManifestHash.hash}, found ${foundManifestHash}`,
    );
  }
  const { version, files } = manifestFiles(manifest, `${source.name} ${folder}${MANIFEST}`);
  if (version !== wanted)
    throw new SourceError(`${folder}${MANIFEST} describes version ${version}, not ${wanted}`);

  const partial = join(dirname(dest), `.${basename(dest)}.pull`);
  await mkdir(partial, { recursive: true });
  const total = files.reduce((n, f) => n + f.bytes, 0);
  const step = progress.step(`pulling ${version} (${files.length + 1} files)`, total);
  let outcomes: Array<'kept' | 'pulled' | Mismatch>;
  try {
    // A few files at a time: each read from S3 or HTTP is a round trip, and a version with pages has 221 files.
    outcomes = await mapInLanes(files, async (f): Promise<'kept' | 'pulled' | Mismatch> => {
      if (await alreadyThere(partial, f)) {
        step.advance(f.bytes);
        return 'kept';
      }
      const body = await source.read(folder + f.path);
      if (!body)
        throw new SourceError(`${source.name}: ${folder}${f.path} is listed in the manifest but missing`);
      const found = hashOf(body);
      if (found !== f.hash) return { path: f.path, expected: f.hash, found };
      await writeAtomically(join(partial, f.path), body);
      step.advance(f.bytes);
      return 'pulled';
    });
  } finally {
    step.done();
  }
  const kept = outcomes.filter((o) => o === 'kept').length;
  const mismatches = outcomes.filter((o): o is Mismatch => typeof o === 'object');
  if (mismatches.length > 0) {
    throw new SourceError(
      `${source.name} ${version}: ${describeMismatches(mismatches)}; nothing was replaced`,
    );
  }
  await writeAtomically(join(partial, MANIFEST), manifest);
  await removeUnlisted(partial, new Set([MANIFEST, ...files.map((f) => f.path)]));
  const report = await verifySnapshot(partial);
  await swapInto(partial, dest);
  return {
    version,
    dest,
    files: report.files,
    bytes: report.bytes,
    kept,
    ...(expectedManifestHash.hash ? {} : { note: expectedManifestHash.from }),
  };
}

interface Layout {
  /** Where versions live relative to the source's root: `snapshots/` (a store's root) or `` (its snapshots/). */
  base: string;
  latest: ReturnType<typeof latestPointerSchema.parse>;
}

/** A source is a store's root (`snapshots/latest.json`) or its `snapshots/` folder (`latest.json`). */
async function findLayout(source: SnapshotSource): Promise<Layout> {
  for (const base of ['snapshots/', '']) {
    const bytes = await source.read(`${base}latest.json`);
    if (!bytes) continue;
    const parsed = latestPointerSchema.safeParse(parseJson(bytes, `${source.name} ${base}latest.json`));
    if (!parsed.success) {
      throw new SourceError(
        `${source.name} ${base}latest.json is not a pointer: ${parsed.error.issues[0]?.message}`,
      );
    }
    return { base, latest: parsed.data };
  }
  throw new SourceError(
    `${source.name} has no snapshots/latest.json (nor latest.json): is it a snapshot store?`,
  );
}

async function manifestHashOf(
  source: SnapshotSource,
  layout: Layout,
  version: string,
): Promise<{ hash: string | null; from: string }> {
  if (version === layout.latest.version) return { hash: layout.latest.manifestHash, from: 'latest.json' };
  const bytes = await source.read(`${layout.base}index.json`);
  const index = bytes ? indexSchema.safeParse(parseJson(bytes, `${source.name} index.json`)) : null;
  const entry = index?.success ? index.data.versions.find((v) => v.version === version) : undefined;
  if (bytes && index?.success && !entry)
    throw new SourceError(`${source.name}: index.json lists no version ${version}`);
  if (entry?.manifestHash) return { hash: entry.manifestHash, from: 'index.json' };
  return {
    hash: null,
    from: `no manifest hash is recorded for ${version} (not the latest, none in index.json): its files were checked against its manifest only`,
  };
}

function parseJson(bytes: Buffer, where: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new SourceError(`${where} is not JSON`);
  }
}

/** Replacing a folder deletes its files: only an empty folder or a snapshot folder may be replaced. */
async function refuseForeignFolder(dest: string): Promise<void> {
  const entries = await readdir(dest).catch(() => null);
  if (!entries || entries.length === 0 || entries.includes(MANIFEST)) return;
  throw new SourceError(
    `${dest} is not empty and holds no ${MANIFEST}: give a new folder or a snapshot folder`,
  );
}

async function alreadyThere(dir: string, f: ListedFile): Promise<boolean> {
  const content = await readFile(join(dir, f.path)).catch(() => null);
  return content !== null && content.length === f.bytes && hashOf(content) === f.hash;
}

async function writeAtomically(path: string, content: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomUUID().slice(0, 8)}.part`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}

/** Files of another version (or half-written `.part` files) left in the folder by an earlier pull. */
async function removeUnlisted(dir: string, listed: Set<string>): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (e.isDirectory()) continue;
    const rel = join(e.parentPath, e.name)
      .slice(dir.length + 1)
      .split('\\')
      .join('/');
    if (!listed.has(rel)) await rm(join(e.parentPath, e.name), { force: true });
  }
  // Deepest first, so a parent empties after its children.
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => join(e.parentPath, e.name));
  for (const d of dirs.sort((a, b) => b.length - a.length)) await rmdir(d).catch(() => {});
}

/** `dest` becomes the verified folder: the old one is moved aside first, then removed. */
async function swapInto(ready: string, dest: string): Promise<void> {
  const exists = await stat(dest).catch(() => null);
  if (!exists) {
    await rename(ready, dest);
    return;
  }
  const old = join(dirname(dest), `.${basename(dest)}.old-${randomUUID().slice(0, 8)}`);
  await rename(dest, old);
  await rename(ready, dest);
  await rm(old, { recursive: true, force: true });
}
