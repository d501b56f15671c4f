import { PREFIX } from '../model/bucketKeys.ts';
import { sha256Hex } from '../snapshot/hashing.ts';
import type { StepContext } from './stepContext.ts';

/** What Check and Fetch share: where each source's last state is, and how the inbox is fingerprinted. */

/** The bucket prefix where users drop cluster organisations, policy facts and a mapping. */
export const INPUTS_PREFIX = PREFIX.inputs;

/** The state item's name for the bucket's drop folder. */
export const INBOX_SOURCE = 'inbox';

export function inboxSignature(listing: Array<{ key: string; size: number; etag?: string }>): string {
  return sha256Hex(listing.map((o) => `${o.key}\t${o.size}\t${o.etag ?? ''}`).join('\n'));
}

export function eurostatBaseUrl(ctx: StepContext): string {
  return process.env.EUROSTAT_BASE_URL || ctx.config.eurostat.baseUrl;
}
