import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GzipCheck } from '../../../lib/eurostat/fetch/sniff.ts';

/**
 * A live download proves its gzip whole while it streams (GzipCheck). Each time zlib pushed back, the check
 * used to wait with a new `finished()` on the same Gunzip, whose listeners stayed until the end: a download
 * of a few megabytes gave `MaxListenersExceededWarning: … 11 end listeners added to [Gunzip]`.
 */
describe('GzipCheck', () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  beforeEach(() => {
    warnings.length = 0;
    process.on('warning', onWarning);
  });
  afterEach(() => {
    process.off('warning', onWarning);
  });

  /** Gzip of `mb` MiB that mixes text (compresses well) and random bytes, served in 16 KiB chunks. */
  const body = (mb: number) => {
    const parts: Buffer[] = [];
    for (let i = 0; i < mb * 16; i++)
      parts.push(Buffer.from('A,THS_PER,T,Y_GE15,C20,BE\t1.0 \t2.0 b\n'.repeat(1000)), randomBytes(4096));
    return gzipSync(Buffer.concat(parts));
  };
  const chunks = (gz: Buffer, size = 16 * 1024) => {
    const out: Buffer[] = [];
    for (let i = 0; i < gz.length; i += size) out.push(gz.subarray(i, i + size));
    return out;
  };

  it('checks a gzip of several megabytes in small chunks without adding a listener per wait', async () => {
    const check = new GzipCheck();
    for (const c of chunks(body(8))) await check.write(c);
    await check.end();
    // Warnings are emitted on the next tick.
    await new Promise((r) => setImmediate(r));
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it('still refuses a truncated gzip', async () => {
    const gz = body(1);
    const check = new GzipCheck();
    await expect(
      (async () => {
        for (const c of chunks(gz.subarray(0, gz.length - 100))) await check.write(c);
        await check.end();
      })(),
    ).rejects.toThrow(/unexpected end of file/);
  });

  it('still refuses a corrupt gzip', async () => {
    const gz = Buffer.from(body(1));
    gz.writeUInt32LE((gz.readUInt32LE(gz.length - 8) ^ 1) >>> 0, gz.length - 8);
    const check = new GzipCheck();
    await expect(
      (async () => {
        for (const c of chunks(gz)) await check.write(c);
        await check.end();
      })(),
    ).rejects.toThrow(/incorrect data check|invalid/i);
  });
});
