import { describe, expect, it } from 'vitest';
import { diffVersions, formatChanges } from '../../lib/cli/diff.ts';
import { changesSchema } from '../../lib/snapshot/changes.ts';
import { twoVersions } from './pullSupport.ts';

describe('diffVersions', () => {
  it('gives the changes between any two versions of an output directory, in either order', async () => {
    const { out, older, newer } = await twoVersions();
    const forward = await diffVersions(out, older, newer);
    const backward = await diffVersions(out, newer, 'latest');
    expect(changesSchema.safeParse(forward).success).toBe(true);
    expect(forward.reason).toBe('source changed: regionalByActivity lfst_r_lfe2en2');
    expect(forward.tables.find((t) => t.table === 'location_quotients')?.changed).toBeGreaterThan(0);
    expect(backward.reason).toBe('forced, identical content');
  });

  it('says when a version is not in the output directory', async () => {
    const { out, older } = await twoVersions();
    await expect(diffVersions(out, older, '20990101T000000Z-000000000000')).rejects.toThrow(
      /20990101T000000Z-000000000000 is not a version in/,
    );
  });
});

describe('formatChanges', () => {
  it('prints the reason, each table with its counts and changed keys, the nodes and the ranks', async () => {
    const { out, older, newer } = await twoVersions();
    const lines = formatChanges(await diffVersions(out, older, newer));
    expect(lines[0]).toBe(`${newer} against ${older}`);
    expect(lines).toContain('reason: source changed: regionalByActivity lfst_r_lfe2en2');
    expect(lines.find((l) => l.trim().startsWith('location_quotients'))).toMatch(/\+0 -0 ~\d+/);
    expect(lines.some((l) => /^\s+~ region=BE2 year=2023 level=nace activity=\S+ {2}\[/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('nodes: '))).toBe(true);
    expect(lines.some((l) => l.startsWith('ecosystem ranks: '))).toBe(true);
  });
});
