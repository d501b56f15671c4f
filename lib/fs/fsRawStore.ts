import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { KEY, PREFIX } from '../model/bucketKeys.ts';
import { downloadPath, type RawStore, rawKey, type SinkMeta, type SinkWriter } from '../stores/rawStore.ts';
import { Digest } from '../streams/digest.ts';
import { hashFile } from './fileHash.ts';
import { pathExists } from './pathExists.ts';

/**
 * The raw store on disk, `ROOT/raw/…`: every object is written to a temporary name (`raw/tmp/`, or beside
 * its target) and renamed into place, so a reader never sees half an object.
 */
export class FsRawStore implements RawStore {
  constructor(readonly root: string) {}

  async keep(hash: string, path: string, body: () => AsyncIterable<Buffer>): Promise<string> {
    const key = rawKey(hash, path);
    const target = join(this.root, key);
    // A copy already there is reused only when its bytes still hash to its name; a damaged one is replaced.
    if ((await pathExists(target)) && (await hashFile(target)) === `sha256:${hash.replace(/^sha256:/, '')}`)
      return key;
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID().slice(0, 8)}.tmp`;
    try {
      // The chunks go straight to the file, one at a time as it drains: a Readable in between buffered up to 16 of
      // them (16 MiB of an input at the run's peak of memory).
      await pipeline(body(), createWriteStream(tmp));
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return key;
  }

  begin(meta: SinkMeta): SinkWriter {
    const tmp = join(this.root, KEY.rawTmp, `${randomUUID()}.part`);
    const digest = new Digest();
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    let closed = false;
    const opened = async () => {
      if (!handle) {
        await mkdir(dirname(tmp), { recursive: true });
        handle = await open(tmp, 'wx');
      }
      return handle;
    };
    const close = async () => {
      if (handle && !closed) {
        closed = true;
        await handle.close();
      }
    };
    return {
      write: async (chunk) => {
        const h = await opened();
        digest.update(chunk);
        await h.write(chunk);
      },
      commit: async () => {
        await (await opened()).sync();
        await close();
        const hash = `sha256:${digest.hex()}`;
        const key = rawKey(hash, downloadPath(meta));
        const target = join(this.root, key);
        await mkdir(dirname(target), { recursive: true });
        if (await pathExists(target)) await rm(tmp, { force: true });
        else await rename(tmp, target);
        return { key, hash, bytes: digest.bytes };
      },
      abort: async () => {
        await close().catch(() => undefined);
        await rm(tmp, { force: true });
      },
    };
  }

  /** The key of the bytes with this hash, or null when the store does not have them. */
  async find(hash: string): Promise<string | null> {
    const hex = hash.replace(/^sha256:/, '');
    const walk = async (dir: string): Promise<string | null> => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(join(this.root, dir), { withFileTypes: true });
      } catch {
        return null;
      }
      for (const e of entries) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) {
          const found = await walk(rel);
          if (found) return found;
        } else if (e.name.startsWith(hex) && !e.name.endsWith('.tmp')) return rel;
      }
      return null;
    };
    return walk(PREFIX.raw.replace(/\/$/, ''));
  }

  absolute(key: string): string {
    return join(this.root, key);
  }
}
