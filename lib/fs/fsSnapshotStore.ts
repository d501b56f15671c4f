import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PublishError } from '../errors.ts';
import { parseDocument } from '../parseDocument.ts';
import type { BuiltSnapshot } from '../snapshot/build.ts';
import { sha256Hex } from '../snapshot/hashing.ts';
import { historyOf } from '../snapshot/history.ts';
import { indexSchema, latestPointerSchema, withEntry } from '../stores/pointer.ts';
import type { LatestPointer, SnapshotStore } from '../stores/snapshotStore.ts';
import { pathExists } from './pathExists.ts';
import { isSafeRelative, isSafeSegment } from './safePath.ts';

/**
 * Snapshots on the local filesystem (the embedded default):
 * `ROOT/snapshots/<version>/…`, `ROOT/snapshots/latest.json`, `ROOT/snapshots/index.json`.
 * A version is written into a hidden staging folder and renamed into place whole; `latest.json` and
 * `index.json` are replaced by rename, under a lock file, so readers never see a half-written state.
 */
export class FsSnapshotStore implements SnapshotStore {
  private readonly dir: string;

  constructor(readonly root: string) {
    this.dir = join(root, 'snapshots');
  }

  async latest(): Promise<LatestPointer | null> {
    const text = await readIfExists(join(this.dir, 'latest.json'));
    if (text === null) return null;
    const parsed = latestPointerSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new PublishError(
        `${join(this.dir, 'latest.json')} is not a valid pointer: ${parsed.error.issues[0]?.message}. Restore it from index.json or delete it.`,
      );
    }
    return parsed.data;
  }

  locate(version: string): string {
    return join(this.dir, version);
  }

  async readFile(version: string, path: string): Promise<Buffer | null> {
    if (!isSafeSegment(version) || !isSafeRelative(path)) {
      throw new PublishError(`"${version}/${path}" is not a file inside a version folder`);
    }
    return readBytesIfExists(join(this.locate(version), path));
  }

  async publish(snapshot: BuiltSnapshot, expectedLatest: string | null): Promise<LatestPointer> {
    const final = this.locate(snapshot.version);
    if (await pathExists(final)) throw new PublishError(`${final} already exists: versions are immutable`);
    const staging = join(this.dir, `.staging-${snapshot.version}-${randomUUID().slice(0, 8)}`);
    try {
      for (const file of [...snapshot.files, snapshot.manifestFile]) {
        const path = join(staging, file.path);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.content);
      }
      await rename(staging, final);
    } catch (err) {
      await rm(staging, { recursive: true, force: true });
      throw err;
    }

    const pointer: LatestPointer = {
      version: snapshot.version,
      fingerprint: snapshot.manifest.fingerprint,
      created: snapshot.manifest.created,
      manifest: `snapshots/${snapshot.version}/datapackage.json`,
      manifestHash: `sha256:${sha256Hex(snapshot.manifestFile.content)}`,
    };
    await this.withLock(async () => {
      const current = (await this.latest())?.version ?? null;
      if (current !== expectedLatest) {
        throw new PublishError(
          `superseded: latest moved from ${expectedLatest ?? 'none'} to ${current} while this run computed; ` +
            `${snapshot.version} is stored but not made latest. Run the refresh again.`,
        );
      }
      await this.replace('latest.json', `${JSON.stringify(pointer, null, 2)}\n`);
      const indexText = await readIfExists(join(this.dir, 'index.json'));
      const index = indexText
        ? parseDocument(indexSchema, JSON.parse(indexText), join(this.dir, 'index.json'))
        : { versions: [] };
      const entry = {
        version: pointer.version,
        created: pointer.created,
        fingerprint: pointer.fingerprint,
        referenceYear: snapshot.manifest.referenceYear,
        manifest: pointer.manifest,
        manifestHash: pointer.manifestHash,
        ...historyOf(snapshot),
      };
      await this.replace('index.json', `${JSON.stringify(withEntry(index, entry), null, 2)}\n`);
    });
    return pointer;
  }

  private async replace(name: string, text: string): Promise<void> {
    const tmp = join(this.dir, `.${name}.${randomUUID().slice(0, 8)}.tmp`);
    await writeFile(tmp, text);
    await rename(tmp, join(this.dir, name));
  }

  private async withLock<T>(body: () => Promise<T>): Promise<T> {
    const lock = join(this.dir, '.lock');
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(lock, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new PublishError(
          `${lock} exists: another run is publishing. If none is, delete the file and run again.`,
        );
      }
      throw err;
    }
    try {
      return await body();
    } finally {
      await handle.close();
      await rm(lock, { force: true });
    }
  }
}

async function readBytesIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
