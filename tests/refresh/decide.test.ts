import { describe, expect, it } from 'vitest';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { inputRecords } from '../../lib/refresh/compute.ts';
import { decide } from '../../lib/refresh/decide.ts';
import { fingerprint } from '../../lib/snapshot/manifest.ts';
import type { LatestPointer } from '../../lib/stores/snapshotStore.ts';
import { MINI_REGIONAL, miniInput } from '../helpers/miniInput.ts';

const NOW = new Date('2026-03-01T12:00:00.123Z');

function pointer(version: string, fp: string): LatestPointer {
  return {
    version,
    fingerprint: fp,
    created: '2026-02-01T00:00:00.000Z',
    manifest: `snapshots/${version}/datapackage.json`,
    manifestHash: `sha256:${'0'.repeat(64)}`,
  };
}

describe('decide', () => {
  it('names the first version from the run time and the fingerprint, replacing none', async () => {
    const inputs = await loadInputDirectory(await miniInput());
    const fp = fingerprint(inputRecords(inputs), 'code+1');
    const d = decide(inputs, { latest: null, now: NOW, codeVersion: 'code+1', force: false });
    expect(d).toEqual({
      status: 'new',
      version: `20260301T120000123Z-${fp.slice(0, 12)}`,
      fingerprint: fp,
      created: NOW,
      previous: null,
    });
  });

  it('is unchanged when the latest version has the same inputs and code, unless forced', async () => {
    const inputs = await loadInputDirectory(await miniInput());
    const fp = fingerprint(inputRecords(inputs), 'code+1');
    const latest = pointer('20260201T000000000Z-aaaaaaaaaaaa', fp);
    const o = { latest, now: NOW, codeVersion: 'code+1' };
    expect(decide(inputs, { ...o, force: false })).toEqual({ status: 'unchanged', version: latest.version });
    expect(decide(inputs, { ...o, force: true })).toMatchObject({ status: 'new', previous: latest.version });
  });

  it('is a new version replacing the latest when the code or an input differs', async () => {
    const inputs = await loadInputDirectory(await miniInput());
    const latest = pointer('20260201T000000000Z-aaaaaaaaaaaa', fingerprint(inputRecords(inputs), 'code+1'));
    expect(decide(inputs, { latest, now: NOW, codeVersion: 'code+2', force: false })).toMatchObject({
      status: 'new',
      previous: latest.version,
    });
    const other = await loadInputDirectory(
      await miniInput({ regional: MINI_REGIONAL.map((l) => l.replace('151.0', '171.0')) }),
    );
    expect(decide(other, { latest, now: NOW, codeVersion: 'code+1', force: false })).toMatchObject({
      status: 'new',
      previous: latest.version,
    });
  });
});
