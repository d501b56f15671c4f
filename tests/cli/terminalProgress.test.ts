import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { terminalProgress } from '../../lib/cli/terminalProgress.ts';
import { silentProgress } from '../../lib/refresh/progress.ts';

/** A stream that records what is written to it, claiming to be a terminal or not. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const s = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(s, {
    isTTY,
    columns: 120,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  s.text = () => chunks.join('');
  return s;
}

describe('terminalProgress', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('draws nothing when the output is not a terminal', async () => {
    vi.stubEnv('CI', '');
    expect(await terminalProgress(stream(false))).toBe(silentProgress);
  });

  it('draws nothing in CI, even on a terminal', async () => {
    vi.stubEnv('CI', 'true');
    expect(await terminalProgress(stream(true))).toBe(silentProgress);
  });

  it('draws a bar labelled with the step on a terminal', async () => {
    vi.stubEnv('CI', '');
    const out = stream(true);
    const progress = await terminalProgress(out);
    const step = progress.step('reading eurostat/regional.tsv.gz', 100);
    step.advance(50);
    step.done();
    expect(out.text()).toContain('reading eurostat/regional.tsv.gz');
    expect(out.text()).toMatch(/\d+%/);
  });
});
