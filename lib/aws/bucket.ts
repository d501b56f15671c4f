import type { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

/** The few S3 operations the pipeline uses, on one bucket. */
export class Bucket {
  constructor(
    readonly s3: S3Client,
    readonly name: string,
  ) {}

  async put(key: string, body: Buffer | string, contentType = contentTypeOf(key)): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.name, Key: key, Body: body, ContentType: contentType }),
    );
  }

  async getBuffer(key: string): Promise<Buffer> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.name, Key: key }));
    return Buffer.from(
      await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
    );
  }

  async getBufferIfExists(key: string): Promise<Buffer | null> {
    try {
      return await this.getBuffer(key);
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return null;
      throw err;
    }
  }

  async *stream(key: string): AsyncGenerator<Buffer> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.name, Key: key }));
    for await (const chunk of out.Body as Readable) yield chunk as Buffer;
  }

  async list(prefix: string): Promise<Array<{ key: string; size: number; etag: string }>> {
    const keys: Array<{ key: string; size: number; etag: string }> = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.name, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? [])
        if (o.Key) keys.push({ key: o.Key, size: o.Size ?? 0, etag: o.ETag ?? '' });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async deletePrefix(prefix: string): Promise<void> {
    const keys = await this.list(prefix);
    for (let i = 0; i < keys.length; i += 1000) {
      await this.s3.send(
        new DeleteObjectsCommand({
          Bucket: this.name,
          Delete: { Objects: keys.slice(i, i + 1000).map((k) => ({ Key: k.key })), Quiet: true },
        }),
      );
    }
  }
}

function contentTypeOf(key: string): string {
  if (key.endsWith('.json')) return 'application/json';
  if (key.endsWith('.csv')) return 'text/csv; charset=utf-8';
  if (key.endsWith('.gz')) return 'application/gzip';
  return 'application/octet-stream';
}
