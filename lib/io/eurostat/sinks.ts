import { createHash, type Hash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { pathExists } from '../pathExists.ts';
import type { EurostatFormat } from './urls.ts';

/**
 * Where the raw bytes of a download go, content-addressed: `raw/eurostat/<dataset>/<sha256hex>.<ext>`.
 * A writer takes the chunks as they arrive (never the whole body at once), hashes them, and on `commit()`
 * puts them under their hash (idempotent: the same bytes twice give the same key and one object); on
 * `abort()` it keeps nothing.
 */

export interface SinkMeta {
  dataset: string;
  format: EurostatFormat;
  /** `tsv`, `tsv.gz`, `csv.gz`, `json`, … (from the format and the bytes). */
  extension: string;
}

export interface StoredObject {
  /** `raw/eurostat/<dataset>/<sha256hex>.<ext>` (relative to the sink's root or bucket). */
  key: string;
  /** `sha256:<hex>` of the bytes. */
  hash: string;
  bytes: number;
}

export interface SinkWriter {
  write(chunk: Buffer): Promise<void>;
  commit(): Promise<StoredObject>;
  abort(): Promise<void>;
}

export interface RawSink {
  begin(meta: SinkMeta): SinkWriter;
}

export function rawKey(meta: SinkMeta, hex: string): string {
  return `raw/eurostat/${meta.dataset}/${hex}.${meta.extension}`;
}

const TMP_PREFIX = 'raw/tmp/';

class Digest {
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;
  update(chunk: Buffer): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }
  hex(): string {
    return this.hash.digest('hex');
  }
}

/** Files under `rootDir`: a temporary file in `raw/tmp/`, renamed into place on commit. */
export class FsRawSink implements RawSink {
  constructor(readonly rootDir: string) {}

  begin(meta: SinkMeta): SinkWriter {
    const tmp = join(this.rootDir, TMP_PREFIX, `${randomUUID()}.part`);
    const digest = new Digest();
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    let closed = false;
    const close = async () => {
      if (handle && !closed) {
        closed = true;
        await handle.close();
      }
    };
    return {
      write: async (chunk) => {
        if (!handle) {
          await mkdir(dirname(tmp), { recursive: true });
          handle = await open(tmp, 'wx');
        }
        digest.update(chunk);
        await handle.write(chunk);
      },
      commit: async () => {
        if (!handle) {
          await mkdir(dirname(tmp), { recursive: true });
          handle = await open(tmp, 'wx');
        }
        await handle.sync();
        await close();
        const hex = digest.hex();
        const key = rawKey(meta, hex);
        const target = join(this.rootDir, key);
        await mkdir(dirname(target), { recursive: true });
        if (await pathExists(target)) await rm(tmp, { force: true });
        else await rename(tmp, target);
        return { key, hash: `sha256:${hex}`, bytes: digest.bytes };
      },
      abort: async () => {
        await close().catch(() => undefined);
        await rm(tmp, { force: true });
      },
    };
  }
}

function contentType(extension: string): string {
  if (extension.endsWith('.gz')) return 'application/gzip';
  if (extension === 'json') return 'application/json';
  if (extension === 'csv') return 'text/csv; charset=utf-8';
  return 'text/tab-separated-values; charset=utf-8';
}

/**
 * An S3 bucket: the bytes stream through a PassThrough into a multipart `Upload` (@aws-sdk/lib-storage) to
 * `raw/tmp/<uuid>`; commit copies that to the content-addressed key (unless it is already there) and deletes
 * the temporary object; abort stops the upload and deletes it. Give it an S3 client configured with
 * `requestChecksumCalculation`/`responseChecksumValidation: 'WHEN_REQUIRED'` (`awsClients()` does).
 */
export class S3RawSink implements RawSink {
  constructor(
    readonly s3: S3Client,
    readonly bucket: string,
    /** Part size of the multipart upload (S3's minimum, 5 MiB, by default); parts in flight: 1. */
    readonly partSize = 5 * 1024 * 1024,
  ) {}

  begin(meta: SinkMeta): SinkWriter {
    const tmpKey = `${TMP_PREFIX}${randomUUID()}`;
    const digest = new Digest();
    const body = new PassThrough();
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: tmpKey, Body: body, ContentType: contentType(meta.extension) },
      queueSize: 1,
      partSize: this.partSize,
      leavePartsOnError: false,
    });
    const done = upload.done();
    // Observed here, so a failure before commit() is not unhandled; commit() and write() re-raise it.
    let failure: unknown;
    done.catch((e) => {
      failure = e;
    });
    const deleteTmp = () => this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: tmpKey }));
    return {
      write: async (chunk) => {
        if (failure) throw failure;
        digest.update(chunk);
        if (!body.write(chunk)) await Promise.race([once(body, 'drain'), done]);
        if (failure) throw failure;
      },
      commit: async () => {
        body.end();
        await done;
        const hex = digest.hex();
        const key = rawKey(meta, hex);
        if (!(await this.has(key))) {
          await this.s3.send(
            new CopyObjectCommand({
              Bucket: this.bucket,
              Key: key,
              CopySource: `${this.bucket}/${tmpKey}`,
              ContentType: contentType(meta.extension),
              MetadataDirective: 'REPLACE',
            }),
          );
        }
        await deleteTmp();
        return { key, hash: `sha256:${hex}`, bytes: digest.bytes };
      },
      abort: async () => {
        await upload.abort().catch(() => undefined);
        body.destroy();
        await done.catch(() => undefined);
        await deleteTmp().catch(() => undefined);
      },
    };
  }

  /**
   * Whether the content-addressed key exists, asked with a listing of that exact prefix: S3 answers a
   * HEAD of a missing key with 403 (not 404) to a caller without an unconditional s3:ListBucket, while a
   * listing is allowed by the role's s3:ListBucket on `raw/eurostat/*` (an s3:prefix condition).
   */
  private async has(key: string): Promise<boolean> {
    const page = await this.s3.send(
      new ListObjectsV2Command({ Bucket: this.bucket, Prefix: key, MaxKeys: 1 }),
    );
    return (page.Contents ?? []).some((o) => o.Key === key);
  }
}

/**
 * Keeps the bytes in memory (small sources and callers that need a Buffer). `maxBytes` of the client still
 * bounds it.
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
        const hex = digest.hex();
        const key = rawKey(meta, hex);
        this.objects.set(key, Buffer.concat(parts));
        return { key, hash: `sha256:${hex}`, bytes: digest.bytes };
      },
      abort: async () => {
        parts.length = 0;
      },
    };
  }
}
