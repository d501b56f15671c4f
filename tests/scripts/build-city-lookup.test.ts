import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const COMMITTED = readFileSync(join(ROOT, 'data', 'reference', 'city_to_nuts.csv'), 'utf8');

describe('scripts/build-city-lookup.ts', () => {
  it('rebuilds the committed city_to_nuts.csv byte for byte, run after run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'city-lookup-'));
    const outputs = ['first.csv', 'second.csv'].map((name) => {
      const out = join(dir, name);
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'scripts', 'build-city-lookup.ts'), '--out', out],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(out, 'utf8');
    });
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[0]).toBe(COMMITTED);
  }, 60_000);
});
