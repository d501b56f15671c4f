import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { factsheetRenderer } from '../../lib/cli/renderer.ts';
import { renderFactsheets } from '../../lib/render/index.ts';
import type { FactsheetInput } from '../../lib/render/input.ts';
import { sampleFactsheet } from '../render/sampleInput.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe("the CLI's factsheet renderer (a worker thread)", () => {
  let input: FactsheetInput;
  beforeAll(async () => {
    input = (await sampleFactsheet()).input;
  });

  it('renders on its thread the same files, byte for byte, as renderFactsheets on this one', async () => {
    const render = await factsheetRenderer();
    const onThread = await render(input);
    const here = renderFactsheets(input);
    expect(onThread.map((f) => f.path)).toEqual(here.map((f) => f.path));
    expect(onThread.length).toBeGreaterThan(50);
    for (const [i, f] of onThread.entries()) {
      expect(Buffer.isBuffer(f.content), f.path).toBe(true);
      expect(f.content.equals(here[i]?.content as Buffer), f.path).toBe(true);
      expect(f.description).toBe(here[i]?.description);
    }
  });

  it('renders again with a new thread when called again (a rebuild renders more than one version)', async () => {
    const render = await factsheetRenderer();
    const [first, second] = [await render(input), await render({ ...input, snapshotVersion: 'v2' })];
    expect(second.length).toBe(first.length);
    expect(second.find((f) => f.path === 'pages/index.html')?.content.toString()).toContain('v2');
  });

  it("rejects with the thread's error when rendering fails there", async () => {
    const render = await factsheetRenderer();
    const broken = { ...input, tables: undefined } as unknown as FactsheetInput;
    await expect(render(broken)).rejects.toMatchObject({
      name: 'TypeError',
      message: expect.stringContaining('Cannot read properties of undefined'),
    });
  });

  it('keeps no process alive while it is not asked to render (a run that ends "unchanged")', () => {
    const script = `import { factsheetRenderer } from ${JSON.stringify(join(ROOT, 'lib', 'cli', 'renderer.ts'))};
await factsheetRenderer(); console.log('done');`;
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('done');
    expect(r.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
