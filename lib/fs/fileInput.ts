import { createReadStream } from 'node:fs';
import { ArchiveIntegrityError } from '../errors.ts';
import { isSyntheticPath } from '../model/inputLayout.ts';
import type { RawInput } from '../model/rawInput.ts';
import { maybeGunzip } from '../streams/decompress.ts';
import { hashFile } from './fileHash.ts';
import { checkRegularFile } from './regularFile.ts';

const HIGH_WATER_MARK = 1 << 20;

/** A file on disk as a RawInput: hashed once up front, decompressed on the fly (gzip by magic bytes). */
export async function fileInput(
  absolutePath: string,
  shownPath: string,
  role: string,
  name: string,
  synthetic = isSyntheticPath(shownPath),
  /** The folder the file must stay inside once symbolic links are resolved. */
  root?: string,
  /** For an archived copy: the sha256 it is named by, checked as it is hashed (ArchiveIntegrityError). */
  expectedHash?: string,
): Promise<RawInput> {
  // Refused before reading: a FIFO or a device would hang the hash, a folder would throw EISDIR.
  const { real, size } = await checkRegularFile(absolutePath, shownPath, root);
  const found = await hashFile(real);
  if (expectedHash !== undefined && found !== expectedHash)
    throw new ArchiveIntegrityError(absolutePath, expectedHash, found);
  return {
    role,
    name,
    path: shownPath,
    bytes: size,
    hash: found,
    synthetic,
    sourceVersion: null,
    open: (onBytes) => maybeGunzip(counted(real, onBytes), shownPath),
    openRaw: () => counted(real),
  };
}

async function* counted(path: string, onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
  const raw = createReadStream(path, { highWaterMark: HIGH_WATER_MARK });
  try {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      onBytes?.(chunk.length);
      yield chunk;
    }
  } finally {
    raw.destroy();
  }
}
