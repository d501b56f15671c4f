import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type RawArchive, rawKey } from '../stores/rawArchive.ts';
import { pathExists } from './pathExists.ts';

/** The raw archive on disk: `ROOT/raw/…`, written to a temporary name and renamed into place. */
export class FsRawArchive implements RawArchive {
  constructor(readonly root: string) {}

  async keep(hash: string, path: string, body: () => AsyncIterable<Buffer>): Promise<string> {
    const key = rawKey(hash, path);
    const target = join(this.root, key);
    if (await pathExists(target)) return key;
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID().slice(0, 8)}.tmp`;
    try {
      await pipeline(Readable.from(body()), createWriteStream(tmp));
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return key;
  }

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
    return walk('raw');
  }

  absolute(key: string): string {
    return join(this.root, key);
  }
}
