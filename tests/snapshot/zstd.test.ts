import { describe, expect, it } from 'vitest';
import { zstdCompressor } from '../../lib/snapshot/zstd.ts';

describe('zstdCompressor', () => {
  it('compresses the same bytes to the same zstd frame however often a process asks for it', async () => {
    const data = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 251));
    const frames = [];
    for (let i = 0; i < 5; i++) frames.push(Buffer.from((await zstdCompressor()).compress(data)));
    // 28 b5 2f fd: the zstd frame's magic number.
    for (const f of frames) expect(f.subarray(0, 4).toString('hex')).toBe('28b52ffd');
    for (const f of frames) expect(f.equals(frames[0] as Buffer)).toBe(true);
  });
});
