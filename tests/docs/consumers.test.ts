import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'consumers.md');

// The commands of this page are run by tests/docs/readme.test.ts; this checks what it says of the manifest.
describe('docs/consumers.md', () => {
  it('names the manifest field of each file hash as it is: hash, not sha256', async () => {
    const doc = await readFile(DOC, 'utf8');
    expect(doc).toMatch(/\*\*`hash`\*\*: `sha256:<64 hex>`/);
    expect(doc).not.toMatch(/manifest's `sha256`/);
  });
});
