/**
 * Builds the command-line tool as users run it: one minified ES module, `dist/eucluster.mjs`, with every
 * dependency bundled (platform node, target node20) and `require` defined for the CommonJS parts.
 * Run: npm run build
 */
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'eucluster.mjs');
const REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Two modules find files relative to their own source file (`lib/io/…`, two levels below the root); in the
 * bundle that file is `dist/eucluster.mjs`, one level below. Rewrites those two paths in the bundle only, and
 * fails the build if the source no longer has them (so a change there is noticed, not silently broken).
 */
const RELOCATE: Array<{ file: string; from: string; to: string }> = [
  { file: 'lib/io/inputDirectory.ts', from: "'../../data/reference/'", to: "'../data/reference/'" },
  { file: 'lib/io/codeVersion.ts', from: "'../../package.json'", to: "'../package.json'" },
];
const relocate: Plugin = {
  name: 'relocate-root-paths',
  setup(b) {
    b.onLoad({ filter: /[\\/]lib[\\/]io[\\/](inputDirectory|codeVersion)\.ts$/ }, (args) => {
      const rule = RELOCATE.find((r) => join(ROOT, r.file) === args.path);
      if (!rule) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(rule.from)) {
        throw new Error(`${rule.file} no longer contains ${rule.from}: update RELOCATE in scripts/build.ts`);
      }
      return { contents: text.replace(rule.from, rule.to), loader: 'ts' };
    });
  },
};

mkdirSync(dirname(OUT), { recursive: true });
const result = await build({
  entryPoints: [join(ROOT, 'bin', 'eucluster.ts')],
  outfile: OUT,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  // The entry point's own shebang is kept by esbuild; the banner goes right after it.
  banner: { js: REQUIRE_BANNER },
  mainFields: ['module', 'main'],
  plugins: [relocate],
  metafile: true,
  logLevel: 'warning',
});
chmodSync(OUT, 0o755);
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`built ${OUT.slice(ROOT.length + 1)} (${(bytes / 1024).toFixed(0)} KiB)`);
