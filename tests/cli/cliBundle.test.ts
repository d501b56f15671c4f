import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { appendFile, cp, mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceStamp } from '../../bin/cliBundle.mjs';
import { miniInput, tempDir } from '../helpers/miniInput.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BUILD_MS = 120_000;

/**
 * A copy of the project (bin/, lib/, the build script, package.json, the reference tables; the real
 * node_modules linked), so that a test can edit a source and run the real build without touching the checkout.
 */
async function project(): Promise<string> {
  const root = await tempDir('eucluster-launcher-');
  for (const path of ['bin', 'lib', 'scripts/build.ts', 'package.json', 'tsconfig.json', 'data/reference'])
    await cp(join(ROOT, path), join(root, path), { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

/** `npx eucluster refresh` of the project copy, as a user runs it (through the launcher). */
function refresh(root: string, input: string, out: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(
    process.execPath,
    [join(root, 'bin', 'eucluster.mjs'), 'refresh', '-i', input, '-o', out, '--no-pages'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env } },
  );
}

const bundles = (root: string) => readdirSync(join(root, 'dist', 'cli')).sort();
const bundleOf = (root: string) => join(root, 'dist', 'cli', sourceStamp(root), 'eucluster.mjs');

describe('the CLI launcher (bin/eucluster.mjs, bin/cliBundle.mjs)', () => {
  it(
    'builds the bundle on the first start, publishes the code version of the sources, and reuses the bundle',
    async () => {
      const root = await project();
      const [input, out] = [await miniInput(), await tempDir()];
      expect(refresh(root, input, out).stdout).toMatch(/^published /m);
      const entry = bundleOf(root);
      const builtAt = statSync(entry).mtimeMs;
      // The sources, run through tsx, compute the same code version: nothing new to publish.
      expect(refresh(root, input, out, { EUCLUSTER_FROM_SOURCE: '1' }).stdout).toMatch(/^unchanged: /m);
      expect(refresh(root, input, out).stdout).toMatch(/^unchanged: /m);
      expect(bundles(root)).toEqual([sourceStamp(root)]);
      expect(statSync(entry).mtimeMs).toBe(builtAt);
    },
    BUILD_MS,
  );

  it(
    "builds the bundle in package.json's prepare (npm ci runs it), so the first start only runs it",
    async () => {
      const root = await project();
      const prepared = spawnSync('npm', ['run', 'prepare', '--silent'], { cwd: root, encoding: 'utf8' });
      expect(prepared.status).toBe(0);
      expect(prepared.stdout).toMatch(/^CLI bundle: dist\/cli\/[0-9a-f]{16}\/eucluster\.mjs$/m);
      const builtAt = statSync(bundleOf(root)).mtimeMs;
      expect(refresh(root, await miniInput(), await tempDir()).stdout).toMatch(/^published /m);
      expect(bundles(root)).toEqual([sourceStamp(root)]);
      expect(statSync(bundleOf(root)).mtimeMs).toBe(builtAt);
    },
    BUILD_MS,
  );

  it(
    'rebuilds a bundle older than a source file before running, so an edit of lib/ is what runs',
    async () => {
      const root = await project();
      const [input, out] = [await miniInput(), await tempDir()];
      expect(refresh(root, input, out).stdout).toMatch(/^published /m);
      const first = bundleOf(root);
      // The bundle an hour old, then a source edited now: a change of the core changes the code version.
      const hourAgo = new Date(Date.now() - 3_600_000);
      await utimes(first, hourAgo, hourAgo);
      await appendFile(join(root, 'lib', 'tables', 'compute.ts'), '\n// edited\n');
      const second = refresh(root, input, out);
      expect(second.stdout).toMatch(/^published /m);
      expect(bundleOf(root)).not.toBe(first);
      expect(existsSync(bundleOf(root))).toBe(true);
      expect(bundles(root)).toHaveLength(2); // the old one is kept a while for runs still loading its chunks
      expect(refresh(root, input, out, { EUCLUSTER_FROM_SOURCE: '1' }).stdout).toMatch(/^unchanged: /m);
    },
    BUILD_MS,
  );

  it(
    'keeps an older bundle while it is started (a run may still load its chunks) and removes it once unused',
    async () => {
      const root = await project();
      const [input, out] = [await miniInput(), await tempDir()];
      const hourAgo = new Date(Date.now() - 3_600_000);
      expect(refresh(root, input, out).stdout).toMatch(/^published /m);
      const first = sourceStamp(root);
      // Built an hour ago, started now: the start marks it as in use.
      await utimes(join(root, 'dist', 'cli', first), hourAgo, hourAgo);
      expect(refresh(root, input, out).stdout).toMatch(/^unchanged: /m);
      await appendFile(join(root, 'lib', 'tables', 'compute.ts'), '\n// edited\n');
      expect(refresh(root, input, out).stdout).toMatch(/^published /m);
      const second = sourceStamp(root);
      expect(bundles(root)).toEqual([first, second].sort());
      // Not started for an hour: the next build removes it.
      await utimes(join(root, 'dist', 'cli', first), hourAgo, hourAgo);
      await appendFile(join(root, 'lib', 'tables', 'compute.ts'), '// edited again\n');
      expect(refresh(root, input, out).stdout).toMatch(/^published /m);
      expect(bundles(root)).toEqual([second, sourceStamp(root)].sort());
    },
    BUILD_MS * 2,
  );

  it(
    'runs the sources, with a note, when the bundle cannot be built',
    async () => {
      const root = await project();
      await writeFile(join(root, 'scripts', 'build.ts'), "throw new Error('no esbuild here');\n");
      const r = refresh(root, await miniInput(), await tempDir());
      expect(r.stderr).toMatch(/^note: the CLI bundle could not be built, running the sources/m);
      expect(r.stdout).toMatch(/^published /m);
      expect(existsSync(join(root, 'dist', 'cli', sourceStamp(root)))).toBe(false);
    },
    BUILD_MS,
  );

  it('stamps the sources by path, size and modification time: an edit that keeps an old mtime counts', async () => {
    const root = await tempDir('eucluster-stamp-');
    await mkdir(join(root, 'lib'));
    const file = join(root, 'lib', 'a.ts');
    await writeFile(file, 'export const a = 1;\n');
    const past = new Date('2020-01-01T00:00:00Z');
    await utimes(file, past, past);
    const before = sourceStamp(root);
    expect(sourceStamp(root)).toBe(before);
    await writeFile(file, 'export const a = 10;\n');
    await utimes(file, past, past);
    expect(sourceStamp(root)).not.toBe(before);
  });
});
