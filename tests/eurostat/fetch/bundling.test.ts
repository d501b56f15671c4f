import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_CLIENT_ALIAS } from '../../../lib/eurostat/fetch/bundling.ts';
import { type FakeEurostat, fakeEurostat } from '../../helpers/fakeEurostat.ts';

/**
 * The bundles that hold the client leave form-data (and mime-db) out, and the client still works in them:
 * the fetch step bundled as lib/infra/pipelineFunction.ts bundles it, and a GET through the bundled client.
 */

const ROOT = join(import.meta.dirname, '..', '..', '..');
const REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

let dir: string;
let server: FakeEurostat;

async function bundle(entry: string, outfile: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_BANNER },
    alias: { ...HTTP_CLIENT_ALIAS },
    metafile: true,
    logLevel: 'error',
  });
  return result.metafile;
}

const packagesIn = (meta: Metafile) =>
  new Set(
    Object.keys(meta.inputs).flatMap((p) => {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p);
      return m?.[1] ? [m[1]] : [];
    }),
  );

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eucluster-client-bundle-'));
  server = await fakeEurostat({
    datasets: {},
    files: { '/hello.txt': { body: 'hello\n', contentType: 'text/plain' } },
  });
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await server.close();
});

describe('the HTTP client in a bundle', () => {
  it('brings axios but neither form-data nor mime-db into the fetch step, which stays under 1 MB', async () => {
    const out = join(dir, 'fetch.mjs');
    const packages = packagesIn(await bundle(join(ROOT, 'lambdas', 'fetch.ts'), out));
    expect(packages.has('axios')).toBe(true);
    expect(packages.has('form-data')).toBe(false);
    expect(packages.has('mime-db')).toBe(false);
    expect(statSync(out).size).toBeLessThan(1024 * 1024);
  });

  it('still GETs through the bundled axios', async () => {
    const entry = join(dir, 'get.ts');
    writeFileSync(
      entry,
      `import { openGet, readSmall } from ${JSON.stringify(join(ROOT, 'lib', 'eurostat', 'fetch', 'http.ts'))};
const target = { dataset: 'test', url: process.argv[2] as string };
const res = await openGet(target, { timeoutMs: 5_000 });
const body = await readSmall(res, target, { stallMs: 5_000, maxBytes: 1_000, limit: 1_000 });
process.stdout.write(res.status + ' ' + body.toString('utf8'));
`,
    );
    await bundle(entry, join(dir, 'get.mjs'));
    // Not spawnSync: the local server answers from this process's event loop.
    const run = await promisify(execFile)(
      process.execPath,
      [join(dir, 'get.mjs'), `${server.baseUrl}/hello.txt`],
      {
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('200 hello\n');
  });
});
