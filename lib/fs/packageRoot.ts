import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder (the one holding `package.json` and `data/reference/`), found by walking up from
 * this module: from the sources (`lib/fs/`) and from a bundle (`dist/`, `dist/chunks/`) alike.
 * `EUCLUSTER_HOME` overrides it. Null inside a deployed function bundle, where neither exists.
 */
export function packageRoot(): string | null {
  if (process.env.EUCLUSTER_HOME) return process.env.EUCLUSTER_HOME;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'data', 'reference'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
