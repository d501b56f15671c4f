import { readStagedFactsheet, readStagedHead, stagingPrefix } from '../aws/stagedSnapshot.ts';
import { renderFactsheets } from '../render/index.ts';
import { factsheetFromJson } from '../render/inputJson.ts';
import { withFiles } from '../snapshot/build.ts';
import { mapInLanes } from '../stores/lanes.ts';
import type { Staged } from './events.ts';
import type { StepContext } from './stepContext.ts';

export interface RenderOutcome {
  staged: Staged;
  /** Pages and figures written by this invocation (0 when a previous attempt had finished). */
  files: number;
}

/**
 * Renders the factsheet pages and figures of a staged snapshot from its staged page input
 * (`factsheet.json`) and tables, writes them into the staging folder, then rewrites the staged manifest
 * with them listed in `eucluster:files` — the manifest last, so a crash leaves the staged snapshot as it was.
 */
export async function renderStep(ctx: Pick<StepContext, 'bucket'>, input: Staged): Promise<RenderOutcome> {
  const staged = await readStagedHead(ctx.bucket, input.version);
  // A retry after the manifest was rewritten: every page is already there.
  if ((staged.manifest['eucluster:files'] ?? []).some((f) => f.path.startsWith('pages/')))
    return { staged: input, files: 0 };
  const json = await readStagedFactsheet(ctx.bucket, input.version);
  const pages = renderFactsheets(factsheetFromJson(json, staged.tables));
  const prefix = stagingPrefix(input.version);
  // A few puts at a time: with a CSV beside every figure a render writes some two hundred small objects.
  await mapInLanes(pages, (file) => ctx.bucket.put(prefix + file.path, file.content));
  const rendered = withFiles(staged, pages);
  await ctx.bucket.put(prefix + rendered.manifestFile.path, rendered.manifestFile.content);
  return { staged: input, files: pages.length };
}
