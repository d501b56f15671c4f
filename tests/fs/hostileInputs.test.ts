import { spawnSync } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_DOCUMENT } from '../../lib/config/configuration.ts';
import { InputError } from '../../lib/errors.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { rejection } from '../helpers/faults.ts';
import { miniInput, tempDir } from '../helpers/miniInput.ts';

const NATIONAL = join('eurostat', 'lfsa_egan22d.tsv');

/** The mini input with its national source replaced by `make(path)`. */
async function withNational(make: (path: string) => Promise<void>): Promise<string> {
  const dir = await miniInput();
  await rm(join(dir, NATIONAL));
  await make(join(dir, NATIONAL));
  return dir;
}

async function refused(dir: string): Promise<string> {
  const err = await rejection(loadInputDirectory(dir));
  expect(err).toBeInstanceOf(InputError);
  return (err as InputError).message;
}

describe('inputs must be regular files inside the input directory', () => {
  it('refuses a FIFO without reading it (no hang)', async () => {
    const dir = await withNational(async (p) => {
      expect(spawnSync('mkfifo', [p]).status).toBe(0);
    });
    expect(await refused(dir)).toMatch(/lfsa_egan22d\.tsv: is a named pipe \(FIFO\), not a regular file/);
  });

  it('refuses a link to /dev/zero (outside the directory, and a device)', async () => {
    const dir = await withNational((p) => symlink('/dev/zero', p));
    expect(await refused(dir)).toMatch(/outside the input directory/);
  });

  it('refuses a folder', async () => {
    const dir = await withNational((p) => mkdir(p));
    expect(await refused(dir)).toMatch(/is a folder, not a regular file/);
  });

  it('refuses a dangling symbolic link', async () => {
    const dir = await withNational((p) => symlink('/nonexistent/file.tsv', p));
    expect(await refused(dir)).toMatch(/symbolic link to a file that does not exist/);
  });

  it('refuses a loop of symbolic links', async () => {
    const dir = await withNational(async (p) => {
      await symlink(`${p}.b`, p);
      await symlink(p, `${p}.b`);
    });
    expect(await refused(dir)).toMatch(/loop of symbolic links/);
  });

  it('refuses a link to a secret outside the directory without quoting it', async () => {
    const secret = join(await tempDir(), 'secret.txt');
    await writeFile(secret, 'password=hunter2\n');
    const dir = await withNational((p) => symlink(secret, p));
    const message = await refused(dir);
    expect(message).toMatch(/outside the input directory/);
    expect(message).not.toContain('hunter2');
  });

  it('accepts a link to a file inside the directory', async () => {
    const dir = await miniInput();
    await writeFile(join(dir, 'eurostat', 'real.tsv'), '');
    await rm(join(dir, 'eurostat', 'real.tsv'));
    const { rename } = await import('node:fs/promises');
    await rename(join(dir, NATIONAL), join(dir, 'eurostat', 'real.tsv'));
    await symlink(join(dir, 'eurostat', 'real.tsv'), join(dir, NATIONAL));
    expect((await loadInputDirectory(dir)).eurostat.nationalByDivision?.path).toBe(NATIONAL);
  });

  it('refuses duplicate keys in pipeline.config.json, naming the key', async () => {
    const dir = await miniInput({
      extra: { 'pipeline.config.json': '{"benchmark":"EU27_2020","benchmark":"EA20"}' },
    });
    expect(await refused(dir)).toMatch(/pipeline\.config\.json field "benchmark": duplicate key "benchmark"/);
  });

  it('accepts a configuration with a byte-order mark', async () => {
    const doc = `\uFEFF${JSON.stringify({ ...DEFAULT_CONFIG_DOCUMENT, benchmark: 'EU27_2020' })}`;
    const dir = await miniInput({ extra: { 'pipeline.config.json': doc } });
    expect((await loadInputDirectory(dir)).config.benchmark).toBe('EU27_2020');
  });
});
