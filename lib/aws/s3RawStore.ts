import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { CopyObjectCommand, DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { KEY } from '../model/bucketKeys.ts';
import {
  contentType,
  downloadPath,
  type RawStore,
  rawKey,
  type SinkMeta,
  type SinkWriter,
} from '../stores/rawStore.ts';
import { Digest } from '../streams/digest.ts';
import type { Bucket } from './bucket.ts';

/**
 * The raw store in the snapshot bucket. A download streams through a PassThrough into a multipart `Upload`
 * (@aws-sdk/lib-storage) to `raw/tmp/<uuid>`; commit copies that to the content-addressed key (unless it is
 * already there) and deletes the temporary object; abort stops the upload and deletes it. The bucket's client
 * must be configured with `requestChecksumCalculation`/`responseChecksumValidation: 'WHEN_REQUIRED'`
 * (`awsClients()` does).
 */
export class S3RawStore implements RawStore {
  constructor(
    readonly bucket: Bucket,
    /** Part size of the multipart upload (S3's minimum, 5 MiB, by default); parts in flight: 1. */
    readonly partSize = 5 * 1024 * 1024,
  ) {}

  async keep(hash: string, path: string, body: () => AsyncIterable<Buffer>): Promise<string> {
    const key = rawKey(hash, path);
    if (await this.has(key)) return key;
    const chunks: Buffer[] = [];
    for await (const c of body()) chunks.push(c);
    await this.bucket.put(key, Buffer.concat(chunks));
    return key;
  }

  begin(meta: SinkMeta): SinkWriter {
    const { s3, name } = this.bucket;
    const tmpKey = `${KEY.rawTmp}${randomUUID()}`;
    const digest = new Digest();
    const body = new PassThrough();
    const upload = new Upload({
      client: s3,
      params: { Bucket: name, Key: tmpKey, Body: body, ContentType: contentType(meta.extension) },
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
    const deleteTmp = () => s3.send(new DeleteObjectCommand({ Bucket: name, Key: tmpKey }));
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
        const hash = `sha256:${digest.hex()}`;
        const key = rawKey(hash, downloadPath(meta));
        if (!(await this.has(key))) {
          await s3.send(
            new CopyObjectCommand({
              Bucket: name,
              Key: key,
              CopySource: `${name}/${tmpKey}`,
              ContentType: contentType(meta.extension),
              MetadataDirective: 'REPLACE',
            }),
          );
        }
        await deleteTmp();
        return { key, hash, bytes: digest.bytes };
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
   * Whether the content-addressed key exists, asked with a listing of that exact prefix: S3 answers a HEAD of
   * a missing key with 403 (not 404) to a caller without an unconditional s3:ListBucket, while a listing is
   * allowed by the role's s3:ListBucket on `raw/*` (an s3:prefix condition).
   */
  private async has(key: string): Promise<boolean> {
    const page = await this.bucket.s3.send(
      new ListObjectsV2Command({ Bucket: this.bucket.name, Prefix: key, MaxKeys: 1 }),
    );
    return (page.Contents ?? []).some((o) => o.Key === key);
  }
}
