import { dirname, join } from 'node:path';
import { PublishError, SupersededError, storageErrorOf } from '../errors.ts';
import { KEY } from '../model/bucketKeys.ts';
import { parseDocument } from '../parseDocument.ts';
import type { BuiltSnapshot } from '../snapshot/build.ts';
import { sha256Hex } from '../snapshot/hashing.ts';
import { historyOf } from '../snapshot/history.ts';
import { mapInLanes } from '../stores/lanes.ts';
import { indexSchema, latestPointerSchema } from '../stores/pointer.ts';
import type { IndexEntry, LatestPointer, SnapshotStore } from '../stores/snapshotStore.ts';
import { LOCK_DEFAULTS, type LockOptions, leftBehind, PublishLock, tempTag } from './publishLock.ts';
import { isSafeRelative, isSafeSegment } from './safePath.ts';
import { nodeStoreFs, type StoreFs } from './storeFs.ts';
import { checkVersionFolder, type FolderCheck } from './versionFolder.ts';

export interface FsSnapshotStoreOptions {
  /** The file-system calls (tests wrap them with a fault injector). */
  fs?: StoreFs;
  lock?: LockOptions;
}

const VERSION_NAME = /^\d{8}T\d{6}(\d{3})?Z-[0-9a-f]{12}$/;

/**
 * Snapshots on the local filesystem (the embedded default):
 * `ROOT/snapshots/<version>/…`, `ROOT/snapshots/latest.json`, `ROOT/snapshots/index.json`.
 *
 * A version is written into a hidden staging folder (named with the writer's pid), outside the lock. Then,
 * under the lock: repair what a killed run left, check that `latest` is still the version this run started
 * from, rename the staging folder into place (the commit point), write `index.json` (rebuilt from the
 * version folders), then `latest.json` (each by temporary file + rename). So `index.json` always lists the
 * version `latest.json` names. A run that fails before `latest.json` moved removes its folder; a folder left
 * by a killed run is complete (it was renamed in whole) and the next run makes it latest after checking its
 * hashes (or removes it when they do not match).
 */
export class FsSnapshotStore implements SnapshotStore {
  private readonly dir: string;
  private readonly fs: StoreFs;
  private readonly lock: PublishLock;
  private readonly staleAfterMs: number;
  private readonly pid: number;

  constructor(
    readonly root: string,
    options: FsSnapshotStoreOptions = {},
  ) {
    this.dir = join(root, 'snapshots');
    this.fs = options.fs ?? nodeStoreFs;
    this.lock = new PublishLock(this.dir, this.fs, options.lock);
    this.staleAfterMs = options.lock?.staleAfterMs ?? LOCK_DEFAULTS.staleAfterMs;
    this.pid = options.lock?.pid ?? process.pid;
  }

  /** The latest pointer, after finishing or removing what a killed run left (under the lock). */
  async latest(): Promise<LatestPointer | null> {
    if (await this.needsRepair()) await this.lock.run(() => this.repair());
    return this.readLatest();
  }

  locate(version: string): string {
    return join(this.dir, version);
  }

  async readFile(version: string, path: string): Promise<Buffer | null> {
    if (!isSafeSegment(version) || !isSafeRelative(path)) {
      throw new PublishError(`"${version}/${path}" is not a file inside a version folder`);
    }
    try {
      return await this.fs.readFile(join(this.locate(version), path));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async publish(snapshot: BuiltSnapshot, expectedLatest: string | null): Promise<LatestPointer> {
    const before = `latest.json is unchanged (${expectedLatest ?? 'none'}).`;
    const staging = join(this.dir, `.staging-${tempTag(this.pid)}`);
    try {
      const files = [...snapshot.files, snapshot.manifestFile];
      for (const dir of new Set(files.map((f) => dirname(join(staging, f.path))))) {
        await this.fs.mkdir(dir, { recursive: true });
      }
      // The rename below is the commit point, so the staged files may be written in any order.
      await mapInLanes(files, (file) => this.fs.writeFile(join(staging, file.path), file.content));
    } catch (err) {
      await this.fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
      throw storageErrorOf(err, before) ?? err;
    }

    const pointer: LatestPointer = {
      version: snapshot.version,
      fingerprint: snapshot.manifest.fingerprint,
      created: snapshot.manifest.created,
      manifest: KEY.manifest(snapshot.version),
      manifestHash: `sha256:${sha256Hex(snapshot.manifestFile.content)}`,
    };
    try {
      await this.lock.run(async () => {
        await this.repair(staging);
        const current = await this.readLatest();
        if ((current?.version ?? null) !== expectedLatest) {
          throw new SupersededError(
            expectedLatest,
            current?.version ?? null,
            current?.fingerprint === pointer.fingerprint,
          );
        }
        if (current && snapshot.version <= current.version) {
          throw new PublishError(
            `${snapshot.version} is not newer than the latest ${current.version}: is the clock behind? ` +
              'Versions only move forward',
            `The latest snapshot is unchanged (${current.version}).`,
          );
        }
        await this.commit(snapshot, staging, pointer, expectedLatest);
      });
    } catch (err) {
      await this.fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
      if (err instanceof PublishError && err.latestNote) throw err;
      throw storageErrorOf(err, before) ?? err;
    }
    return pointer;
  }

  /** Under the lock: folder in place, index, then latest; on failure before latest moved, undone. */
  private async commit(
    snapshot: BuiltSnapshot,
    staging: string,
    pointer: LatestPointer,
    expectedLatest: string | null,
  ): Promise<void> {
    const final = this.locate(snapshot.version);
    const entry: IndexEntry = {
      version: pointer.version,
      created: pointer.created,
      fingerprint: pointer.fingerprint,
      latestYear: snapshot.manifest.latestYear,
      years: snapshot.manifest.years,
      manifest: pointer.manifest,
      manifestHash: pointer.manifestHash,
      ...historyOf(snapshot),
    };
    const unchanged = `latest.json is unchanged (${expectedLatest ?? 'none'}).`;
    try {
      await this.fs.rename(staging, final);
    } catch (err) {
      throw storageErrorOf(err, unchanged) ?? err;
    }
    try {
      // The new folder is left out of the scan: its entry is known, and checking it would hash every file again.
      const index = await this.indexFromFolders(snapshot.version);
      await this.replace('index.json', indexText([entry, ...index]));
      await this.replace('latest.json', `${JSON.stringify(pointer, null, 2)}\n`);
    } catch (err) {
      let note = `${unchanged} ${snapshot.version} was removed.`;
      try {
        await this.replace('index.json', indexText(await this.indexFromFolders(snapshot.version)));
        await this.fs.rm(final, { recursive: true, force: true });
      } catch {
        // Could not undo (the disk is still full): the folder is complete, so the next run adopts it.
        note = `${unchanged} ${snapshot.version} is stored complete; the next run makes it latest.`;
      }
      throw storageErrorOf(err, note) ?? err;
    }
  }

  /** Whether a killed run left something: a dead run's temporary file, a folder not yet latest, a stale index. */
  private async needsRepair(): Promise<boolean> {
    const names = await this.list();
    if (names.length === 0) return false;
    const latest = await this.readLatest();
    for (const name of names) {
      if (name === '.lock') {
        if (await this.lock.abandoned()) return true;
      } else if (name.startsWith('.')) {
        if (await this.isLeftover(name)) return true;
      } else if (VERSION_NAME.test(name) && (latest === null || name > latest.version)) return true;
    }
    const listed = (await this.readIndex()).map((e) => e.version);
    const folders = names
      .filter((n) => VERSION_NAME.test(n))
      .sort()
      .reverse();
    return listed.join() !== folders.join();
  }

  /**
   * Under the lock: removes what dead runs left (staging folders, temporary files); a version folder newer
   * than `latest.json` (a run killed after renaming it in) becomes latest when every file matches its hash,
   * else it is removed; `index.json` is rebuilt from the folders.
   */
  private async repair(ownStaging?: string): Promise<void> {
    const names = await this.list();
    for (const name of names.filter((n) => n.startsWith('.') && n !== '.lock')) {
      if (ownStaging && join(this.dir, name) === ownStaging) continue;
      // Temporary pointer and lock files are only needed for an instant (pointer files under the lock, which
      // this run holds; a lock's temporary file until it is linked, which retries when it is gone): any is a
      // leftover.
      if (/^\.(latest\.json|index\.json|lock)\./.test(name) || (await this.isLeftover(name)))
        await this.fs.rm(join(this.dir, name), { recursive: true, force: true });
    }
    const latest = await this.readLatest();
    const newer = names
      .filter((n) => VERSION_NAME.test(n) && (latest === null || n > latest.version))
      .sort()
      .reverse();
    let adopted: LatestPointer | null = null;
    for (const version of newer) {
      if (adopted) break;
      const checked: FolderCheck = await checkVersionFolder(this.locate(version), this.fs);
      if (checked.ok) adopted = checked.pointer;
      else await this.fs.rm(this.locate(version), { recursive: true, force: true });
    }
    const index = await this.indexFromFolders();
    const listed = (await this.readIndex()).map((e) => e.version);
    if (listed.join() !== index.map((e) => e.version).join())
      await this.replace('index.json', indexText(index));
    if (adopted) await this.replace('latest.json', `${JSON.stringify(adopted, null, 2)}\n`);
  }

  /** Every version folder, newest first, as index entries (from index.json where it has them). */
  private async indexFromFolders(except?: string): Promise<IndexEntry[]> {
    const known = new Map((await this.readIndex()).map((e) => [e.version, e]));
    const entries: IndexEntry[] = [];
    const folders = (await this.list()).filter((n) => VERSION_NAME.test(n) && n !== except);
    for (const version of folders.sort().reverse()) {
      const entry = known.get(version) ?? (await checkVersionFolder(this.locate(version), this.fs)).entry;
      if (entry) entries.push(entry);
    }
    return entries;
  }

  private async isLeftover(name: string): Promise<boolean> {
    const mtime = await this.fs.stat(join(this.dir, name)).then(
      (s) => s.mtimeMs,
      () => null,
    );
    return mtime !== null && leftBehind(name, mtime, Date.now(), this.staleAfterMs);
  }

  private async readLatest(): Promise<LatestPointer | null> {
    const path = join(this.dir, 'latest.json');
    const text = await this.readIfExists(path);
    if (text === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = latestPointerSchema.safeParse(json);
    if (!parsed.success) {
      throw new PublishError(
        `${path} is not a valid pointer: ${parsed.error.issues[0]?.message}. Restore it from index.json or delete it.`,
      );
    }
    return parsed.data;
  }

  private async readIndex(): Promise<IndexEntry[]> {
    const path = join(this.dir, 'index.json');
    const text = await this.readIfExists(path);
    if (text === null) return [];
    try {
      return parseDocument(indexSchema, JSON.parse(text), path).versions;
    } catch {
      return []; // rebuilt from the folders
    }
  }

  private async list(): Promise<string[]> {
    try {
      return await this.fs.readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw storageErrorOf(err) ?? err;
    }
  }

  private async replace(name: string, text: string): Promise<void> {
    const tmp = join(this.dir, `.${name}.${tempTag(this.pid)}.tmp`);
    try {
      await this.fs.writeFile(tmp, text);
      await this.fs.rename(tmp, join(this.dir, name));
    } catch (err) {
      await this.fs.rm(tmp, { force: true }).catch(() => undefined);
      throw err;
    }
  }

  private async readIfExists(path: string): Promise<string | null> {
    try {
      return (await this.fs.readFile(path)).toString('utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw storageErrorOf(err) ?? err;
    }
  }
}

function indexText(versions: IndexEntry[]): string {
  return `${JSON.stringify({ versions }, null, 2)}\n`;
}
