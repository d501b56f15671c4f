/**
 * Builds the command-line tool as users run it: the minified ES module `dist/eucluster.mjs` (plus the chunks
 * that live runs and rebuilds load on use, in `dist/chunks/`), with every
 * dependency bundled (platform node, target node20) and `require` defined for the CommonJS parts. The bundle
 * carries the code version of the sources it was built from, so that it publishes the fingerprints a run of the
 * sources publishes. Run: npm run build; `--outdir DIR` builds elsewhere (bin/cliBundle.mjs), `--quiet`.
 */
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { HTTP_CLIENT_ALIAS } from '../lib/eurostat/fetch/bundling.ts';
import { codeVersion } from '../lib/fs/codeVersion.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { outdir: { type: 'string' }, quiet: { type: 'boolean', default: false } },
});
const OUT = join(values.outdir ? resolve(values.outdir) : join(ROOT, 'dist'), 'eucluster.mjs');
const REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

// No stale chunks beside the new ones (dist/cli/, the launcher's bundles, is left alone).
rmSync(OUT, { force: true });
rmSync(join(dirname(OUT), 'chunks'), { recursive: true, force: true });
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
  define: {
    __EUCLUSTER_CODE_VERSION__: JSON.stringify(await codeVersion()),
    // ECharts' development-only checks and warnings left out (24 KiB; no time difference measured).
    'process.env.NODE_ENV': '"production"',
  },
  metafile: true,
  logLevel: 'warning',
});
chmodSync(OUT, 0o755);
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
if (!values.quiet) console.log(`built ${OUT.slice(ROOT.length + 1)} (${(bytes / 1024).toFixed(0)} KiB)`);
