import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bucket } from '../../lib/aws/bucket.ts';
import { readStaged, stageSnapshot, stagingPrefix } from '../../lib/aws/stagedSnapshot.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import type { RefreshInputs } from '../../lib/model/rawInput.ts';
import { computeSnapshot } from '../../lib/refresh/compute.ts';
import { renderFactsheets } from '../../lib/render/index.ts';
import type { BuiltSnapshot } from '../../lib/snapshot/build.ts';
import type { Staged } from '../../lib/steps/events.ts';
import { renderStep } from '../../lib/steps/renderStep.ts';
import { freshStorage } from '../helpers/localAws.ts';

const SAMPLE = join(import.meta.dirname, '..', '..', 'data', 'sample');
const built = { created: new Date('2026-03-01T12:00:00Z'), codeVersion: 'test' };

describe('the render step', () => {
  let inputs: RefreshInputs;
  let local: BuiltSnapshot;
  let bucket: Bucket;
  let staged: Staged;

  beforeAll(async () => {
    // The sample is partly SYNTHETIC: the pages say so; here they are compared, not read.
    inputs = await loadInputDirectory(SAMPLE);
    local = await computeSnapshot(inputs, { ...built, render: renderFactsheets });
    const storage = await freshStorage();
    bucket = storage.bucket;
    const snapshot = await computeSnapshot(inputs, built);
    await stageSnapshot(bucket, snapshot);
    staged = {
      status: 'staged',
      runId: 'r1',
      version: snapshot.version,
      staging: stagingPrefix(snapshot.version),
      previous: null,
    };
  });

  it('stages the snapshot with its page input, and the input is not listed as a published file', async () => {
    expect((await bucket.list(staged.staging)).map((o) => o.key)).toContain(
      `${staged.staging}factsheet.json`,
    );
    const before = await readStaged(bucket, staged.version);
    expect(before.files.map((f) => f.path)).not.toContain('factsheet.json');
    expect(before.manifest['eucluster:files']).toBeUndefined();
  });

  it('leaves the staged snapshot with the pages, figures and manifest a local refresh with a renderer writes', async () => {
    const out = await renderStep({ bucket }, staged);
    expect(out.staged).toEqual(staged);
    const after = await readStaged(bucket, staged.version);
    expect(after.manifestFile.content.toString()).toBe(local.manifestFile.content.toString());
    const pages = (local.manifest['eucluster:files'] ?? []).map((f) => f.path);
    expect(pages).toContain('pages/BE.html');
    expect(out.files).toBe(pages.length);
    const content = (s: BuiltSnapshot, path: string) => s.files.find((f) => f.path === path)?.content;
    for (const path of pages) expect(content(after, path), path).toEqual(content(local, path));
  });

  it('lists a CSV beside every figure, the series and the overview included, each with its hash and a description', async () => {
    const after = await readStaged(bucket, staged.version);
    const listed = after.manifest['eucluster:files'] ?? [];
    const paths = listed.map((f) => f.path);
    expect(paths).toContain('pages/overview.html');
    expect(paths).toContain('figures/BE-ecosystems-series.csv');
    const svgs = paths.filter((p) => p.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThan(50);
    expect(svgs.filter((p) => !paths.includes(p.replace(/\.svg$/, '.csv')))).toEqual([]);
    expect(listed.filter((f) => !f.description)).toEqual([]);
    const csv = listed.find((f) => f.path === 'figures/BE-ecosystems-series.csv');
    expect(csv?.mediatype).toBe('text/csv');
    expect(csv?.hash).toBe(
      `sha256:${createHash('sha256')
        .update(await bucket.getBuffer(`${staged.staging}${csv?.path}`))
        .digest('hex')}`,
    );
  });

  it('writes nothing again when retried after it finished', async () => {
    const manifest = await bucket.getBuffer(`${staged.staging}datapackage.json`);
    const retried = await renderStep({ bucket }, staged);
    expect(retried.files).toBe(0);
    expect(await bucket.getBuffer(`${staged.staging}datapackage.json`)).toEqual(manifest);
  });
});
