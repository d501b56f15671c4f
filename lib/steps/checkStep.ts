import { RunLease } from '../aws/runLease.ts';
import { SnapshotPointer } from '../aws/snapshotPointer.ts';
import { EUROSTAT_ROLES } from '../config/configuration.ts';
import { ConfigError } from '../errors.ts';
// The catalogue module itself, not the fetch index: the check step's bundle then carries no download code.
import { readCatalogueIfAvailable } from '../eurostat/fetch/catalogue.ts';
import { planSource } from '../refresh/sourcePlan.ts';
import type { CheckOutput, SourceTask } from './events.ts';
import { httpBudget } from './httpBudget.ts';
import { eurostatBaseUrl, INBOX_SOURCE, INPUTS_PREFIX, inboxSignature } from './sourceState.ts';
import { ledger, type StepContext } from './stepContext.ts';

/**
 * Starts a run: takes the run lease (or throws RunInProgressError while another run holds it), records the
 * run in the ledger, repairs `latest.json`/`index.json` where a killed publication left them behind the
 * pointer, reads Eurostat's catalogue and each source's last state, and decides per source whether to fetch
 * it or reuse what is stored. With nothing changed upstream, the run makes only these metadata requests.
 */
export async function checkStep(
  ctx: StepContext,
  input: { force: boolean; runId: string; acceptStructureChange?: boolean },
): Promise<CheckOutput & { repaired: string[] }> {
  if (ctx.runLeaseS === undefined) {
    throw new ConfigError(
      'RUN_LEASE_S is not set: the check step needs the run lease expiry (the state machine timeout); deploy with npm run deploy',
    );
  }
  await new RunLease(ctx.table).acquire(input.runId, ctx.now(), ctx.runLeaseS);
  const startedAt = ctx.now().toISOString();
  // Every run, whatever it goes on to publish: a publication killed after its pointer flip (and never
  // retried) leaves the two files naming the previous version until then.
  const repaired = await new SnapshotPointer(ctx.bucket, ctx.table.ddb, ctx.table.name).repair();
  await ledger(ctx, input.runId, 'STARTED', {
    startedAt,
    force: input.force,
    ...(repaired.length > 0 ? { repaired } : {}),
  });
  // Without the catalogue every Eurostat source is fetched (conditionally where validators are known).
  const catalogue = await readCatalogueIfAvailable({ baseUrl: eurostatBaseUrl(ctx), ...httpBudget() });
  const accept = input.acceptStructureChange ?? false;
  const sources: SourceTask[] = [];
  for (const role of EUROSTAT_ROLES) {
    const source = ctx.config.sources[role];
    if (!source) continue;
    const entry = catalogue?.get(source.dataset.toLowerCase());
    const state = await ctx.state.sourceState(role, source.dataset);
    const plan = planSource(source.dataset, entry, state, input.force);
    sources.push({
      runId: input.runId,
      source: role,
      kind: 'eurostat',
      plan: {
        action: plan.action,
        reason: plan.reason,
        lastDataUpdate: entry?.lastDataUpdate ?? null,
        lastStructureChange: entry?.lastStructureChange ?? null,
        acceptStructureChange: accept,
      },
    });
  }
  const listing = await ctx.bucket.list(INPUTS_PREFIX);
  const signature = inboxSignature(listing);
  const inbox = await ctx.state.inboxState(INBOX_SOURCE);
  // eccp.url is asked on every run (a small file); the inbox is copied only when its listing changed.
  const unchanged = !input.force && !ctx.config.eccp?.url && inbox.signature === signature;
  sources.push({
    runId: input.runId,
    source: INBOX_SOURCE,
    kind: 'bucket',
    plan: {
      action: unchanged ? 'reuse' : 'fetch',
      reason: unchanged ? 'no file added, replaced or removed' : 'the inbox changed',
      lastDataUpdate: null,
      lastStructureChange: null,
      acceptStructureChange: accept,
    },
  });
  return { runId: input.runId, startedAt, force: input.force, sources, repaired };
}
