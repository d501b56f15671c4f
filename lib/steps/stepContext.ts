import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Bucket } from '../aws/bucket.ts';
import { expiresAt, ledgerKey } from '../aws/tableItems.ts';
import type { Configuration } from '../config/configuration.ts';

/** What every step needs: the storage, the configuration, the reference tables, the clock. */
export interface StepContext {
  bucket: Bucket;
  ddb: DynamoDBDocumentClient;
  table: string;
  config: Configuration;
  /** Folder with nace_rev2_structure_en.csv and nace2_to_ecosystem_v0.csv (the compute step's). */
  referenceDir?: string;
  now: () => Date;
  codeVersion: string;
}

/** One item of the run's ledger (`RUN#<runId>`), expiring after the configured retention. */
export async function ledger(
  ctx: StepContext,
  runId: string,
  event: string,
  detail: Record<string, unknown>,
): Promise<void> {
  const now = ctx.now();
  await ctx.ddb.send(
    new PutCommand({
      TableName: ctx.table,
      Item: {
        ...ledgerKey(runId, event),
        at: now.toISOString(),
        ...detail,
        expiresAt: expiresAt(now, ctx.config.deployment.ledgerRetentionDays),
      },
    }),
  );
}
