import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rebuildSnapshot } from '../../lib/cli/rebuild.ts';
import { ArchiveIntegrityError } from '../../lib/errors.ts';
import { FsRawStore } from '../../lib/fs/fsRawStore.ts';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { refresh } from '../../lib/refresh/refresh.ts';
import { sha256Hex } from '../../lib/snapshot/hashing.ts';
import { verifiedChunks } from '../../lib/stores/verifiedChunks.ts';
import { rejection } from '../helpers/faults.ts';
import { miniInput, tempDir } from '../helpers/miniInput.ts';

async function published() {
  const out = await tempDir();
  const input = await miniInput();
  const outcome = await refresh({
    inputs: await loadInputDirectory(input),
    store: new FsSnapshotStore(out),
    now: new Date('2026-05-01T08:00:00Z'),
    codeVersion: 'test+1',
    archive: new FsRawStore(out),
  });
  const dir = join(out, 'raw', 'eurostat', 'lfsa_egan22d');
  const file = join(dir, (await readdir(dir))[0] as string);
  return { out, input, version: outcome.version, file };
}

describe('the raw archive is checked against the hashes it is named by', () => {
  it('rebuild names the damaged file, the expected and the found hash', async () => {
    const { out, version, file } = await published();
    const good = await readFile(file);
    await writeFile(file, Buffer.concat([good, Buffer.from('tampered')]));
    const err = await rejection(
      rebuildSnapshot(join(out, 'snapshots'), version, new FsRawStore(out), 'test+1'),
    );
    expect(err).toBeInstanceOf(ArchiveIntegrityError);
    const e = err as ArchiveIntegrityError;
    expect(e.message).toContain(file);
    expect(e.expected).toBe(`sha256:${sha256Hex(good)}`);
    expect(e.found).toBe(`sha256:${sha256Hex(Buffer.concat([good, Buffer.from('tampered')]))}`);
  });

  it('a later refresh replaces a damaged copy with the input bytes instead of reusing it', async () => {
    const { out, input, file } = await published();
    const good = await readFile(file);
    await writeFile(file, 'damaged');
    await refresh({
      inputs: await loadInputDirectory(input),
      store: new FsSnapshotStore(out),
      now: new Date('2026-05-02T08:00:00Z'),
      codeVersion: 'test+1',
      force: true,
      archive: new FsRawStore(out),
    });
    expect((await readFile(file)).equals(good)).toBe(true);
  });

  it('a stream of an archived object fails at its end when the bytes do not match', async () => {
    async function* chunks() {
      yield Buffer.from('abc');
    }
    const read = async () => {
      for await (const _ of verifiedChunks(chunks(), 'raw/x/0.tsv', `sha256:${'0'.repeat(64)}`));
    };
    expect(await rejection(read())).toBeInstanceOf(ArchiveIntegrityError);
    const ok = async () => {
      for await (const _ of verifiedChunks(
        chunks(),
        'raw/x/0.tsv',
        `sha256:${sha256Hex(Buffer.from('abc'))}`,
      ));
    };
    expect(await rejection(ok())).toBeUndefined();
  });
});
