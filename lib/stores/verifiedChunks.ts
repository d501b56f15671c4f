import { createHash } from 'node:crypto';
import { ArchiveIntegrityError } from '../errors.ts';

/**
 * The chunks of an archived object, passed on as they come, hashed on the way; at the end of the stream
 * the sha256 must be `expected` (`sha256:<hex>`), else ArchiveIntegrityError naming the key and both
 * hashes. A reader that stops early checks nothing (it has not seen the whole object).
 */
export async function* verifiedChunks(
  chunks: AsyncIterable<Buffer>,
  key: string,
  expected: string,
): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
  const found = `sha256:${hash.digest('hex')}`;
  if (found !== expected) throw new ArchiveIntegrityError(key, expected, found);
}
