import type { RawObject } from '../model/rawObject.ts';
import type { RawInput } from '../refresh/rawInput.ts';
import { maybeGunzip } from '../streams/decompress.ts';
import type { Bucket } from './bucket.ts';

/** A raw object in the bucket as a RawInput: streamed and decompressed on demand. */
export function s3RawInput(bucket: Bucket, o: RawObject): RawInput {
  async function* counted(onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
    for await (const chunk of bucket.stream(o.key)) {
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
