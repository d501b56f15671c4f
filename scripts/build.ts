/**
 * Builds the command-line tool as users run it: the minified ES module `dist/eucluster.mjs` (plus the chunks
 * that live runs and rebuilds load on use, in `dist/chunks/`), with every
 * dependency bundled (platform node, target node20) and `require` defined for the CommonJS parts.
 * Run: npm run build
 */
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { HTTP_CLIENT_ALIAS } from '../lib/eurostat/fetch/bundling.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'eucluster.mjs');
const REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

// A clean folder: stale chunks would be hashed into the code version.
rmSync(dirname(OUT), { recursive: true, force: true });
mkdirSync(dirname(OUT), { recursive: true });
const result = await build({
  entryPoints: { eucluster: join(ROOT, 'bin', 'eucluster.ts') },
  outdir: dirname(OUT),
  outExtension: { '.js': '.mjs' },
  // Live runs and rebuilds load their modules (the HTTP client, the S3 SDK) in chunks of their own, on use.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  // The entry point's own shebang is kept by esbuild; the banner goes right after it.
  banner: { js: REQUIRE_BANNER },
  mainFields: ['module', 'main'],
  // axios without form-data (and mime-db): a GET-only client never posts a form.
  alias: { ...HTTP_CLIENT_ALIAS },
  metafile: true,
  logLevel: 'warning',
});
chmodSync(OUT, 0o755);
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`built ${OUT.slice(ROOT.length + 1)} (${(bytes / 1024).toFixed(0)} KiB)`);
