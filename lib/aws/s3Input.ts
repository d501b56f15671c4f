import type { RawInput } from '../model/rawInput.ts';
import type { RawObject } from '../model/rawObject.ts';
import { hashOfKey } from '../stores/rawStore.ts';
import { verifiedChunks } from '../stores/verifiedChunks.ts';
import { maybeGunzip } from '../streams/decompress.ts';
import type { Bucket } from './bucket.ts';

/**
 * A raw object in the bucket as a RawInput: streamed and decompressed on demand, its bytes checked against
 * the sha256 its key names at the end of each read (before anything computed from them is published).
 */
export function s3RawInput(bucket: Bucket, o: RawObject): RawInput {
  const expected = hashOfKey(o.key) ?? o.hash;
  async function* counted(onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
    for await (const chunk of verifiedChunks(
      bucket.stream(o.key),
      `s3://${bucket.name}/${o.key}`,
      expected,
    )) {
      onBytes?.(chunk.length);
      yield chunk;
    }
  }
  return {
    role: o.role,
    name: o.name,
    path: o.path,
    bytes: o.bytes,
    hash: o.hash,
    synthetic: o.synthetic,
    sourceVersion: o.sourceVersion,
    open: (onBytes) => maybeGunzip(counted(onBytes), o.path),
    openRaw: () => counted(),
  };
}
