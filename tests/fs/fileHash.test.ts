import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFile } from '../../lib/fs/fileHash.ts';
import { tempDir } from '../helpers/miniInput.ts';

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('hashFile', () => {
  it.each([
    ['an empty file', 0],
    ['a file shorter than one read', 1000],
    ['a file of exactly one read', 1 << 20],
    ['a file of several reads and a part', (5 << 19) + 17],
  ])('gives the sha256 of %s, as hashing its whole bytes does', async (_, size) => {
    const path = join(await tempDir(), 'input.bin');
    const bytes = randomBytes(size);
    await writeFile(path, bytes);
    expect(await hashFile(path)).toBe(sha256(bytes));
  });

  it('fails naming the file when there is none', async () => {
    const path = join(await tempDir(), 'missing.tsv');
    await expect(hashFile(path)).rejects.toThrow(/ENOENT.*missing\.tsv/);
  });
});
