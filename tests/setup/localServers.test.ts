import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { freshStorage, localClients } from '../helpers/localAws.ts';

describe('the local S3 server', () => {
  it('survives a put racing the delete that empties its folder, and lists only what was kept', async () => {
    const { bucket } = await freshStorage();
    const { s3 } = localClients();
    const put = (key: string) => s3.send(new PutObjectCommand({ Bucket: bucket.name, Key: key, Body: key }));
    const rounds = 300;
    await put('raw/tmp/0');
    // Each round deletes the folder's only object while the next one is written into that folder.
    for (let i = 1; i <= rounds; i++) {
      await Promise.all([
        put(`raw/tmp/${i}`),
        s3.send(new DeleteObjectCommand({ Bucket: bucket.name, Key: `raw/tmp/${i - 1}` })),
      ]);
    }
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket.name, Prefix: 'raw/' }));
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual([`raw/tmp/${rounds}`]);
  });
});
