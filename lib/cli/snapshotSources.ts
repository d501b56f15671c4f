import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import axios from 'axios';
import { isSafeRelative } from '../fs/safePath.ts';
import { type SnapshotSource, SourceError } from '../stores/snapshotSource.ts';

/** The source a `pull` names: `s3://bucket[/prefix]`, an `https://` (or `http://`) base URL, or a folder. */
export async function openSource(spec: string): Promise<SnapshotSource> {
  if (spec.startsWith('s3://')) {
    // Loaded only for S3: the SDK costs every other start time.
    const { s3SnapshotSource } = await import('../aws/s3SnapshotSource.ts');
    return s3SnapshotSource(spec);
  }
  if (/^https?:\/\//.test(spec)) return httpSource(spec);
  return directorySource(spec);
}

const TIMEOUT_MS = 60_000;

export function httpSource(base: string): SnapshotSource {
  const root = base.replace(/\/+$/, '');
  return {
    name: base,
    async read(path) {
      const url = `${root}/${path}`;
      try {
        const res = await axios.get<ArrayBuffer>(url, {
          responseType: 'arraybuffer',
          timeout: TIMEOUT_MS,
          // 404: the file is not there (a layout without `snapshots/`, an unknown version).
          validateStatus: (s) => s === 200 || s === 404,
          // A web server's Content-Encoding (gzip) is undone: the hashes are of the files' own bytes.
          decompress: true,
          maxContentLength: Number.POSITIVE_INFINITY,
        });
        return res.status === 404 ? null : Buffer.from(res.data);
      } catch (err) {
        const status = (err as { response?: { status?: number } }).response?.status;
        throw new SourceError(`${url}: ${status ? `HTTP ${status}` : (err as Error).message}`);
      }
    },
  };
}

export function directorySource(dir: string): SnapshotSource {
  const root = resolve(dir);
  return {
    name: dir,
    async read(path) {
      if (!isSafeRelative(path)) throw new SourceError(`"${path}" is not a path inside ${dir}`);
      try {
        return await readFile(join(root, path));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return null;
        throw new SourceError(`${join(root, path)}: ${(err as Error).message}`);
      }
    },
  };
}
