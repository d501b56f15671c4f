import { AwsSnapshotStore } from '../aws/awsSnapshotStore.ts';
import { readStaged } from '../aws/stagedSnapshot.ts';
import { SupersededError } from '../errors.ts';
import { KEY } from '../model/bucketKeys.ts';
import { CHANGES_FILE } from '../snapshot/changes.ts';
import { historyFromChanges, historyOf } from '../snapshot/history.ts';
import type { PublishOutput, Staged } from './events.ts';
import { ledger, type StepContext } from './stepContext.ts';

/**
 * Moves a staged snapshot into `snapshots/` and flips the pointer; a lost race ends as superseded.
 *
 * Idempotent under retries (Lambda and Step Functions retry a step that timed out on the way back): a retry
 * first asks the table whether this version is already published (its item is written with the pointer
 * flip) and then only finishes — latest.json and index.json, the ledger, the staging folder — and answers
 * `published`, even when the first attempt had already deleted `staging/`. A retry of a run that lost the
 * race finds its SUPERSEDED ledger item and answers `superseded` again.
 */
export async function publishStep(ctx: StepContext, input: Staged): Promise<PublishOutput> {
  const store = new AwsSnapshotStore(ctx.bucket, ctx.table.ddb, ctx.table.name);
  const manifestKey = KEY.manifest(input.version);
  if (await store.isPublished(input.version)) return finishPublished(ctx, store, input);
  if (await ctx.state.hasLedger(input.runId, 'SUPERSEDED')) {
    await ctx.bucket.deletePrefix(input.staging);
    return { status: 'superseded', runId: input.runId, version: input.version, manifestKey };
  }
  const snapshot = await readStaged(ctx.bucket, input.version);
  try {
    await store.publish(snapshot, input.previous);
  } catch (err) {
    if (!(err instanceof SupersededError)) throw err;
    await ledger(ctx, input.runId, 'SUPERSEDED', { version: input.version, latest: err.actual });
    await ctx.bucket.deletePrefix(input.staging);
    return { status: 'superseded', runId: input.runId, version: input.version, manifestKey };
  }
  await ledger(ctx, input.runId, 'PUBLISHED', { version: input.version, manifestKey });
  await ctx.bucket.deletePrefix(input.staging);
  // The counts of changes.json (never its key lists): the notification carries them, far under SNS's 256 KB.
  const { changes } = historyOf(snapshot);
  return {
    status: 'published',
    runId: input.runId,
    version: input.version,
    manifestKey,
    ...(changes ? { changes } : {}),
  };
}

/** The rest of a publication whose pointer flip already happened (an earlier attempt of this step). */
async function finishPublished(
  ctx: StepContext,
  store: AwsSnapshotStore,
  input: Staged,
): Promise<PublishOutput> {
  const manifestKey = KEY.manifest(input.version);
  await store.repair();
  await ledger(ctx, input.runId, 'PUBLISHED', { version: input.version, manifestKey });
  await ctx.bucket.deletePrefix(input.staging);
  // The published changes.json, since the staged one may be gone with the staging folder.
  const changesFile = await store.readFile(input.version, CHANGES_FILE);
  const { changes } = changesFile ? historyFromChanges(changesFile) : {};
  return {
    status: 'published',
    runId: input.runId,
    version: input.version,
    manifestKey,
    ...(changes ? { changes } : {}),
  };
}
