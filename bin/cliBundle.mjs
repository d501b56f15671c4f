// Which bundle of the CLI to run: the one built from the sources as they are now, built first when there is none.
// Plain JavaScript, so that choosing costs a few milliseconds and no TypeScript transpiling.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, realpathSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Folders and files whose change can change the CLI: every source it bundles, its build and its dependencies
 * (a dependency changes with package-lock.json; npm's own node_modules/.package-lock.json is left out: npm may
 * write it after `prepare` has built the bundle, which would make the first start build it again).
 */
const WATCHED = ['bin', 'lib', 'scripts/build.ts', 'tsconfig.json', 'package.json', 'package-lock.json'];
/**
 * A bundle another run may still be loading chunks from is kept this long after its last start (each start marks
 * its folder's time) when a newer one is built.
 */
const KEEP_OLD_MS = 10 * 60_000;

/**
 * A stamp of the sources: the path, size and modification time of every watched file. Any edit, checkout or
 * `npm ci` changes it (even one that leaves a file older than the bundle), so a bundle is never stale.
 */
export function sourceStamp(root) {
  const hash = createHash('sha256');
  const visit = (path) => {
    let s;
    try {
      s = statSync(path);
    } catch {
      return;
    }
    if (s.isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else if (s.isFile()) {
      hash.update(`${relative(root, path)}\0${s.size}\0${s.mtimeMs}\n`);
    }
  };
  for (const w of WATCHED) visit(join(root, w));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The path of `dist/cli/<stamp>/eucluster.mjs`, built (scripts/build.ts, through tsx) when missing; null when
 * it cannot be built (esbuild or tsx not installed), so the caller runs the sources instead.
 */
export function cliBundle(root, log = (line) => process.stderr.write(`${line}\n`)) {
  const base = join(root, 'dist', 'cli');
  const stamp = sourceStamp(root);
  const dir = join(base, stamp);
  const entry = join(dir, 'eucluster.mjs');
  if (existsSync(entry)) {
    markUsed(dir);
    return entry;
  }
  // Built aside and renamed into place: a concurrent run sees a whole bundle or none.
  const tmp = join(base, `${stamp}.tmp-${process.pid}`);
  const built = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts', 'build.ts'), '--outdir', tmp, '--quiet'],
    { cwd: root, encoding: 'utf8' },
  );
  if (built.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    log(
      `note: the CLI bundle could not be built, running the sources (${(built.stderr || built.error?.message || '').trim().split('\n')[0]})`,
    );
    return null;
  }
  try {
    renameSync(tmp, dir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    // Another run built the same sources first; any other failure leaves no bundle: run the sources.
    if (!existsSync(entry)) {
      log(`note: the CLI bundle could not be moved into place, running the sources (${err.message})`);
      return null;
    }
  }
  removeOld(base, stamp);
  return entry;
}

/** A start of a bundle moves its folder's time, so that removeOld spares a bundle in use. */
function markUsed(dir) {
  const now = new Date();
  try {
    utimesSync(dir, now, now);
  } catch {
    // A read-only checkout: the bundle runs all the same.
  }
}

function removeOld(base, keep) {
  for (const name of readdirSync(base)) {
    if (name === keep) continue;
    const path = join(base, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another start's clean-up at the same moment.
    }
  }
}

// `npm run prepare` (npm ci runs it): the bundle of a fresh install, so that the first `npm start` only runs it.
// (import.meta.url is the real path; argv[1] may run through a symbolic link.)
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const entry = cliBundle(root);
  if (entry) console.log(`CLI bundle: ${relative(root, entry)}`);
}
