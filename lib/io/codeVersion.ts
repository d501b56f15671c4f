import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIB_DIR = fileURLToPath(new URL('../', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

/**
 * `<package version>+<hash of the core's source>`: a code change that could change the figures changes the
 * fingerprint, so the next run publishes a new snapshot even when the inputs did not change. Inside a
 * bundle (a Lambda) there is no source tree: the bundle's own bytes are hashed instead.
 */
export async function codeVersion(): Promise<string> {
  const hash = createHash('sha256');
  // Only a source checkout has lib/pipeline/ next to this file; a bundle must not walk its parent folder.
  let files: string[] = [];
  if (existsSync(join(LIB_DIR, 'pipeline', 'refresh.ts'))) files = await sourceFiles(LIB_DIR);
  const own = fileURLToPath(import.meta.url);
  if (!files.includes(own)) files = [own];
  for (const file of files) {
    hash.update(file.slice(LIB_DIR.length));
    hash.update(await readFile(file));
  }
  return `${await packageVersion()}+${hash.digest('hex').slice(0, 12)}`;
}

async function packageVersion(): Promise<string> {
  try {
    return (JSON.parse(await readFile(PACKAGE_JSON, 'utf8')) as { version: string }).version;
  } catch {
    return 'bundle';
  }
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // The infrastructure and AWS adapters cannot change a figure.
    if (entry.isDirectory() && entry.name !== 'infra' && entry.name !== 'aws')
      out.push(...(await sourceFiles(path)));
    else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(path);
  }
  return out.sort();
}
