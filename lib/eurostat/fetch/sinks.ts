import {
  downloadPath,
  type RawSink,
  rawKey,
  type SinkMeta,
  type SinkWriter,
  type StoredObject,
} from '../../stores/rawStore.ts';
import { Digest } from '../../streams/digest.ts';

export type { RawSink, SinkMeta, SinkWriter, StoredObject };

/**
 * Keeps a download's bytes in memory (small sources and callers that need a Buffer). `maxBytes` of the
 * client still bounds it. Files and S3 objects are the raw stores' (lib/fs/fsRawStore.ts, lib/aws/s3RawStore.ts).
 */
export class MemoryRawSink implements RawSink {
  /** The last committed body, by key. */
  readonly objects = new Map<string, Buffer>();

  begin(meta: SinkMeta): SinkWriter {
    const parts: Buffer[] = [];
    const digest = new Digest();
    return {
      write: async (chunk) => {
        digest.update(chunk);
        parts.push(chunk);
      },
      commit: async () => {
        const hash = `sha256:${digest.hex()}`;
        const key = rawKey(hash, downloadPath(meta));
        this.objects.set(key, Buffer.concat(parts));
        return { key, hash, bytes: digest.bytes };
      },
      abort: async () => {
        parts.length = 0;
      },
    };
  }
}
