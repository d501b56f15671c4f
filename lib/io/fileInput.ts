import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.ts';
import type { RawInput } from '../pipeline/rawInput.ts';

const HIGH_WATER_MARK = 1 << 20;

/** A file on disk as a RawInput: hashed once up front, decompressed on the fly (gzip by magic bytes). */
export async function fileInput(
  absolutePath: string,
  shownPath: string,
  role: string,
  name: string,
  synthetic = /synthetic/i.test(shownPath),
): Promise<RawInput> {
  const { size } = await stat(absolutePath);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(absolutePath, { highWaterMark: HIGH_WATER_MARK }))
    hash.update(chunk as Buffer);
  const gzipped = await isGzip(absolutePath);
  return {
    role,
    name,
    path: shownPath,
    bytes: size,
    hash: `sha256:${hash.digest('hex')}`,
    synthetic,
    sourceVersion: null,
    open: (onBytes) => decompressed(absolutePath, shownPath, gzipped, onBytes),
  };
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

async function* decompressed(
  path: string,
  shownPath: string,
  gzipped: boolean,
  onBytes?: (n: number) => void,
): AsyncGenerator<Buffer> {
  const raw = createReadStream(path, { highWaterMark: HIGH_WATER_MARK });
  if (onBytes) raw.on('data', (c) => onBytes((c as Buffer).length));
  if (!gzipped) {
    yield* raw as AsyncIterable<Buffer>;
    return;
  }
  const gunzip = createGunzip({ chunkSize: HIGH_WATER_MARK });
  raw.on('error', (e) => gunzip.destroy(e));
  raw.pipe(gunzip);
  try {
    yield* gunzip as AsyncIterable<Buffer>;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || /unexpected end of file/i.test((err as Error).message)) {
      throw new InputError(
        { file: shownPath },
        `truncated or corrupt gzip (${(err as Error).message})`,
        'Download the file again',
      );
    }
    throw err;
  } finally {
    raw.destroy();
  }
}
