import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { type SnapshotSource, SourceError } from '../stores/snapshotSource.ts';

/**
 * Snapshots in `s3://bucket[/prefix]` for `eucluster pull`, with the standard AWS credentials, profiles and
 * region. The SDK itself honours `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL`; with either set (MinIO, s3rver,
 * a local stack) requests are path-style, which those servers expect.
 */
export function s3SnapshotSource(url: string, env: NodeJS.ProcessEnv = process.env): SnapshotSource {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!match) throw new SourceError(`${url} is not an s3://bucket[/prefix] address`);
  const bucket = match[1] as string;
  const prefix = (match[2] ?? '').replace(/\/+$/, '');
  const custom = Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
  const s3 = new S3Client({
    ...(custom ? { forcePathStyle: true } : {}),
    followRegionRedirects: true,
    // Checksums only where S3 requires them, as the pipeline's own client (other servers lack them).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    name: url,
    async read(path) {
      const key = prefix ? `${prefix}/${path}` : path;
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = out.Body as { transformToByteArray(): Promise<Uint8Array> };
        return Buffer.from(await body.transformToByteArray());
      } catch (err) {
        const name = (err as { name?: string }).name;
        if (err instanceof NoSuchKey || name === 'NoSuchKey') return null;
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        throw new SourceError(
          `s3://${bucket}/${key}: ${name ?? 'error'}${status ? ` (HTTP ${status})` : ''}: ${(err as Error).message}`,
        );
      }
    },
  };
}
