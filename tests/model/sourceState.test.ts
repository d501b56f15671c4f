import { describe, expect, it } from 'vitest';
import { type SourceState, sourceVersionOf } from '../../lib/model/sourceState.ts';

const state = (over: Partial<SourceState>): SourceState => ({
  dataset: 'lfsa_egan22d',
  key: 'raw/sha256/ab',
  hash: 'sha256:ab',
  bytes: 1,
  path: 'eurostat/lfsa_egan22d.tsv.gz',
  format: 'tsv',
  lastDataUpdate: null,
  lastStructureChange: null,
  etag: null,
  lastModified: null,
  dimensions: null,
  fetchedAt: '2026-12-07T00:00:00Z',
  ...over,
});

describe("a source's version, as the manifest records it", () => {
  it("is Eurostat's last data update when the catalogue gave one", () => {
    expect(
      sourceVersionOf(state({ lastDataUpdate: '2026-04-01T23:00:00+0200', lastModified: 'x', etag: '"e"' })),
    ).toBe('2026-04-01T23:00:00+0200');
  });
  it("else the server's Last-Modified, else its ETag, else unknown", () => {
    expect(sourceVersionOf(state({ lastModified: 'Wed, 01 Apr 2026 21:00:00 GMT', etag: '"e"' }))).toBe(
      'Wed, 01 Apr 2026 21:00:00 GMT',
    );
    expect(sourceVersionOf(state({ etag: '"e"' }))).toBe('"e"');
    expect(sourceVersionOf(state({}))).toBeNull();
  });
});
