import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from './packageRoot.ts';

/** Set by the CLI's build (scripts/build.ts) to the code version of the sources it bundled. */
declare const __EUCLUSTER_CODE_VERSION__: string | undefined;

const LIB_DIR = fileURLToPath(new URL('../', import.meta.url));
const ROOT = packageRoot();

/**
 * `<package version>+<hash of the core's source>`: a code change that could change the figures changes the
 * fingerprint, so the next run publishes a new snapshot even when the inputs did not change. Inside a
 * bundle (a Lambda) there is no source tree: the bundle's own bytes are hashed instead; the CLI's bundle carries
 * the version of the sources it was built from, so a run of it and one of the sources publish the same fingerprint.
 */
export async function codeVersion(): Promise<string> {
  if (typeof __EUCLUSTER_CODE_VERSION__ === 'string') return __EUCLUSTER_CODE_VERSION__;
  const hash = createHash('sha256');
  // Only a source checkout has lib/refresh/ beside this file's folder; a bundle must not walk its parent folder.
  let files: string[] = [];
  if (existsSync(join(LIB_DIR, 'refresh', 'refresh.ts'))) files = await sourceFiles(LIB_DIR);
  if (files.length === 0) files = await bundleFiles(fileURLToPath(import.meta.url));
  for (const file of files) {
    hash.update(basename(file));
    hash.update(await readFile(file));
  }
  return `${await packageVersion()}+${hash.digest('hex').slice(0, 12)}`;
}

async function packageVersion(): Promise<string> {
  try {
    if (!ROOT) return 'bundle';
    return (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'bundle';
  }
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // The infrastructure and AWS adapters cannot change a figure.
    if (entry.isDirectory() && entry.name !== 'infra' && entry.name !== 'aws' && entry.name !== 'steps')
      out.push(...(await sourceFiles(path)));
    else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(path);
  }
  return out.sort();
}

/** A bundle's own code: every `.mjs` file beside it and in its `chunks/` folder. */
async function bundleFiles(own: string): Promise<string[]> {
  const base = basename(dirname(own)) === 'chunks' ? dirname(dirname(own)) : dirname(own);
  const out: string[] = [];
  for (const dir of [base, join(base, 'chunks')]) {
    const entries = await readdir(dir).catch(() => [] as string[]);
    for (const name of entries.sort()) if (name.endsWith('.mjs')) out.push(join(dir, name));
  }
  return out.length > 0 ? out : [own];
}
