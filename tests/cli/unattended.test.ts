import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { watch } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import { miniInput, tempDir } from '../helpers/miniInput.ts';
import { storeState, strictInvariantProblems, weakInvariantProblems } from '../helpers/storeInvariants.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'eucluster.mjs');
const ENV = { ...process.env, CI: 'true' };

function start(...args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
}

function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = start(...args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/**
 * Starts a refresh and SIGKILLs it `delayMs` after its staging folder appears in `OUT/snapshots/` (the
 * publish has begun), or reports that it finished first.
 */
function killDuringPublish(input: string, out: string, delayMs: number): Promise<string> {
  const child = start('refresh', '--input', input, '--out', out, '--force');
  const dir = join(out, 'snapshots');
  let armed = false;
  const watcher = watch(dir, (_event, name) => {
    if (armed || !String(name).startsWith('.staging-')) return;
    armed = true;
    setTimeout(() => child.kill('SIGKILL'), delayMs);
  });
  return new Promise((resolve) =>
    child.on('close', (_code, signal) => {
      watcher.close();
      resolve(signal === 'SIGKILL' ? 'killed' : 'finished');
    }),
  );
}

describe('eucluster refresh, unattended', () => {
  it('killed with SIGKILL at 20 random moments of its publish, leaves a store the next run repairs', async () => {
    const input = await miniInput();
    const out = await tempDir();
    expect((await run('refresh', '--input', input, '--out', out)).code).toBe(0);
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      // Spread over the publish (writing the staging folder, the lock, the commit); some runs finish.
      outcomes.push(await killDuringPublish(input, out, Math.floor(Math.random() * 40)));
      expect(await weakInvariantProblems(out)).toEqual([]);
      const before = (await storeState(out)).latest;
      // The next run's first look at the store repairs it.
      const latest = await new FsSnapshotStore(out).latest();
      expect(await strictInvariantProblems(out)).toEqual([]);
      expect((latest?.version ?? '') >= (before ?? '')).toBe(true);
    }
    expect(outcomes).toContain('killed');
    const last = await run('refresh', '--input', input, '--out', out, '--force');
    expect(last.code).toBe(0);
    expect(await strictInvariantProblems(out)).toEqual([]);
  }, 240_000);

  it('four concurrent refreshes on one --out end as published, superseded or unchanged, without a trace', async () => {
    const input = await miniInput();
    const out = await tempDir();
    const results = await Promise.all([1, 2, 3, 4].map(() => run('refresh', '--input', input, '--out', out)));
    for (const r of results) {
      expect(r.code).toBe(0);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toMatch(/^(published|unchanged|superseded)/m);
    }
    expect(results.filter((r) => /^published /m.test(r.stdout))).toHaveLength(1);
    expect(await strictInvariantProblems(out)).toEqual([]);
  }, 120_000);

  it('a read-only --out ends in one line naming the path and what to do', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere: the tmpfs test below covers a real failure
    const input = await miniInput();
    const out = await tempDir();
    await chmod(out, 0o500);
    const r = await run('refresh', '--input', input, '--out', out);
    await chmod(out, 0o700);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/permission denied \(EACCES\); give this user write access/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a file where --out/snapshots should be a folder ends in one line (ENOTDIR), no stack trace', async () => {
    const input = await miniInput();
    const out = await tempDir();
    await writeFile(join(out, 'snapshots'), 'not a folder');
    const r = await run('refresh', '--input', input, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*snapshots.*(ENOTDIR|EEXIST)/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

/** A 2 MB tmpfs: a real full disk. Needs root (mount); skipped, saying so, where mounting is not allowed. */
const TMPFS = '/tmp/eucluster-tmpfs-test';
const canMount = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  spawnSync('mkdir', ['-p', TMPFS]);
  const probe = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', TMPFS]);
  if (probe.status !== 0) return false;
  spawnSync('umount', [TMPFS]);
  return true;
})();

describe.skipIf(!canMount)(
  'eucluster refresh on a full disk (a real 2 MB tmpfs; needs root to mount)',
  () => {
    it('says in one line that the disk is full and that latest did not move', async () => {
      const input = await miniInput();
      await mkdir(TMPFS, { recursive: true });
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', TMPFS]).status).toBe(0);
      try {
        const out = join(TMPFS, 'out');
        expect((await run('refresh', '--input', input, '--out', out)).code).toBe(0);
        const before = (await storeState(out)).latest;
        // Fill the disk, leaving a little room: the next publish runs out of space part-way.
        spawnSync('dd', ['if=/dev/zero', `of=${join(TMPFS, 'filler')}`, 'bs=1k', 'count=4096']);
        await rm(join(TMPFS, 'filler-room'), { force: true });
        const r = await run('refresh', '--input', input, '--out', out, '--force');
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/no space left on the device \(ENOSPC\); free space on that disk/);
        expect(r.stderr).toMatch(/latest(\.json)? (snapshot )?is unchanged/);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect((await storeState(out)).latest).toBe(before);
        expect(await weakInvariantProblems(out)).toEqual([]);
        await rm(join(TMPFS, 'filler'));
        const again = await run('refresh', '--input', input, '--out', out, '--force');
        expect(again.code).toBe(0);
        expect(await strictInvariantProblems(out)).toEqual([]);
      } finally {
        spawnSync('umount', [TMPFS]);
      }
    }, 120_000);
  },
);
