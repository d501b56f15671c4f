import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { sourceKey } from '../aws/tableItems.ts';
import type { SourceRole } from '../config/configuration.ts';
import { type SourceState, sourceStateSchema } from '../refresh/sourcePlan.ts';
import { sha256Hex } from '../snapshot/hashing.ts';
import type { StepContext } from './stepContext.ts';

/** What Check and Fetch share: where each source's last state is, and how the inbox is fingerprinted. */

/** The bucket prefix where users drop cluster organisations, policy facts and a mapping. */
export const INPUTS_PREFIX = 'inbox/';

/** The state item's name for the bucket's drop folder. */
export const INBOX_SOURCE = 'inbox';

export function inboxSignature(listing: Array<{ key: string; size: number; etag?: string }>): string {
  return sha256Hex(listing.map((o) => `${o.key}\t${o.size}\t${o.etag ?? ''}`).join('\n'));
}

/** A Eurostat source's last recorded state, unless it is missing, invalid or of another dataset. */
export async function eurostatState(
  ctx: StepContext,
  role: SourceRole,
  dataset: string,
): Promise<SourceState | undefined> {
  const out = await ctx.ddb.send(new GetCommand({ TableName: ctx.table, Key: sourceKey(role) }));
  const parsed = sourceStateSchema.safeParse(out.Item?.state);
  return parsed.success && parsed.data.dataset === dataset ? parsed.data : undefined;
}

export function eurostatBaseUrl(ctx: StepContext): string {
  return process.env.EUROSTAT_BASE_URL || ctx.config.eurostat.baseUrl;
}
