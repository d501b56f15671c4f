import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../lib/errors.ts';
import { maybeGunzip } from '../../lib/streams/decompress.ts';

async function* chunksOf(buffer: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

const text = Buffer.from('freq,unit,nace_r2,geo\\TIME_PERIOD\t2019 \nA,THS,C20,DE\t10.5 \n'.repeat(200));

describe('maybeGunzip', () => {
  it('passes plain bytes through unchanged, whatever the name says', async () => {
    expect(await collect(maybeGunzip(chunksOf(text, 7), 'x.tsv.gz'))).toEqual(text);
  });

  it('gunzips by the magic number, even when the magic bytes arrive split across chunks', async () => {
    const gz = gzipSync(text);
    expect(await collect(maybeGunzip(chunksOf(gz, 1), 'x.tsv'))).toEqual(text);
    expect(await collect(maybeGunzip(chunksOf(gz, 4096), 'x.tsv'))).toEqual(text);
  });

  it('yields nothing for an empty file', async () => {
    expect(await collect(maybeGunzip(chunksOf(Buffer.alloc(0), 1), 'empty.tsv'))).toHaveLength(0);
  });

  it('says a truncated gzip is truncated, naming the file', async () => {
    const gz = gzipSync(text);
    const truncated = gz.subarray(0, Math.floor(gz.length / 2));
    const error = await collect(maybeGunzip(chunksOf(truncated, 64), 'eurostat/lfsa_egan22d.tsv.gz')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(String((error as Error).message)).toMatch(/lfsa_egan22d\.tsv\.gz.*truncated or corrupt gzip/);
  });
});
