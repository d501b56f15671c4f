import { AwsSnapshotStore, SupersededError } from '../aws/awsSnapshotStore.ts';
import { readStaged } from '../aws/stagingStore.ts';
import { KEY } from '../infra/layout.ts';
import { historyOf } from '../snapshot/history.ts';
import type { PublishOutput, Staged } from './events.ts';
import { ledger, type StepContext } from './stepContext.ts';

/** Moves a staged snapshot into `snapshots/` and flips the pointer; a lost race ends as superseded. */
export async function publishStep(ctx: StepContext, input: Staged): Promise<PublishOutput> {
  const snapshot = await readStaged(ctx.bucket, input.version);
  const store = new AwsSnapshotStore(ctx.bucket, ctx.table.ddb, ctx.table.name);
  const manifestKey = KEY.manifest(input.version);
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
