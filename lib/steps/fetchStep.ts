import { createHash } from 'node:crypto';
import { S3RawStore } from '../aws/s3RawStore.ts';
import type { SourceRole } from '../config/configuration.ts';
import { ConfigError } from '../errors.ts';
import { downloadOrganisations, downloadSource, firstLineOf } from '../eurostat/fetch/sourceDownload.ts';
import { type InputFormat, isSyntheticPath, otherInputs } from '../model/inputLayout.ts';
import { type SourceState, sourceVersionOf } from '../model/sourceState.ts';
import { rawKey } from '../stores/rawStore.ts';
import { maybeGunzip } from '../streams/decompress.ts';
import type { FetchOutput, RawObject, SourceTask } from './events.ts';
import { httpBudget } from './httpBudget.ts';
import { eurostatBaseUrl, INBOX_SOURCE, INPUTS_PREFIX, inboxSignature } from './sourceState.ts';
import type { StepContext } from './stepContext.ts';

/** Fetches one source into `raw/` (content-addressed) and records what was seen; a reuse reads the state only. */
export async function fetchStep(ctx: StepContext, task: SourceTask): Promise<FetchOutput> {
  if (task.kind === 'eurostat') return fetchEurostat(ctx, task);
  return fetchInbox(ctx, task);
}

function rawObjectOf(role: string, s: SourceState): RawObject {
  return {
    role,
    name: s.dataset,
    path: s.path,
    key: s.key,
    bytes: s.bytes,
    hash: s.hash,
    sourceVersion: sourceVersionOf(s),
    synthetic: false,
    format: s.format,
  };
}

async function fetchEurostat(ctx: StepContext, task: SourceTask): Promise<FetchOutput> {
  const role = task.source as SourceRole;
  const source = ctx.config.sources[role];
  if (!source) throw new ConfigError(`no source configured for ${role}`);
  const previous = await ctx.state.sourceState(role, source.dataset);
  if (task.plan.action === 'reuse' && previous) {
    return { source: role, changed: false, objects: [rawObjectOf(role, previous)] };
  }
  // A retry of this run's fetch after its last write (the state): answer as the first attempt did.
  const earlier = await ctx.state.lastFetch(role);
  if (previous && earlier?.id === task.runId) {
    return { source: role, changed: earlier.changed, objects: [rawObjectOf(role, previous)] };
  }
  const { state: next } = await downloadSource({
    source,
    previous,
    // Without the catalogue's dates, ask with the validators: an unchanged dataset answers 304.
    conditional: !task.plan.lastDataUpdate,
    lastDataUpdate: task.plan.lastDataUpdate,
    lastStructureChange: task.plan.lastStructureChange,
    acceptStructureChange: task.plan.acceptStructureChange,
    sink: new S3RawStore(ctx.bucket),
    firstLine: (key, shown) => firstLineOf(maybeGunzip(ctx.bucket.stream(key), shown)),
    options: { baseUrl: eurostatBaseUrl(ctx), ...httpBudget() },
    now: ctx.now(),
  });
  const changed = next.hash !== previous?.hash;
  await ctx.state.putSourceState(role, next, { id: task.runId, changed });
  return { source: role, changed, objects: [rawObjectOf(role, next)] };
}

/** Cluster organisations, policy facts and a mapping dropped under `inbox/`, copied into `raw/`. */
async function fetchInbox(ctx: StepContext, task: SourceTask): Promise<FetchOutput> {
  const previous = (await ctx.state.inboxState(INBOX_SOURCE)).objects;
  if (task.plan.action === 'reuse' && previous) {
    return { source: INBOX_SOURCE, changed: false, objects: previous };
  }
  const earlier = await ctx.state.lastFetch(INBOX_SOURCE);
  if (previous && earlier?.id === task.runId) {
    return { source: INBOX_SOURCE, changed: earlier.changed, objects: previous };
  }
  const listing = await ctx.bucket.list(INPUTS_PREFIX);
  const objects: RawObject[] = [];
  // The same layout (and refusals) as an input directory's: lib/model/inputLayout.ts.
  const paths = listing.map(({ key }) => key.slice(INPUTS_PREFIX.length));
  for (const { path, role, name, format } of otherInputs(paths, INPUTS_PREFIX)) {
    const body = await ctx.bucket.getBuffer(`${INPUTS_PREFIX}${path}`);
    objects.push(await keepRaw(ctx, body, { role, name, path, format }));
  }
  const url = ctx.config.eccp?.url;
  if (url) {
    // The configured URL wins over a file in the inbox.
    const { body, path, format } = await downloadOrganisations(url, httpBudget());
    const i = objects.findIndex((o) => o.role === 'clusterOrganisations');
    if (i !== -1) objects.splice(i, 1);
    objects.push(
      await keepRaw(
        ctx,
        body,
        { role: 'clusterOrganisations', name: 'cluster_organisations', path, format },
        false,
      ),
    );
  }
  objects.sort((a, b) => (a.path < b.path ? -1 : 1));
  const changed = !previous || JSON.stringify(previous) !== JSON.stringify(objects);
  await ctx.state.putInboxState(INBOX_SOURCE, { signature: inboxSignature(listing), objects }, ctx.now(), {
    id: task.runId,
    changed,
  });
  return { source: INBOX_SOURCE, changed, objects };
}

/** Stores an input's bytes content-addressed under `raw/` and describes them for the compute step. */
async function keepRaw(
  ctx: StepContext,
  body: Buffer,
  o: { role: string; name: string; path: string; format: InputFormat },
  synthetic = isSyntheticPath(o.path),
): Promise<RawObject> {
  const hash = `sha256:${createHash('sha256').update(body).digest('hex')}`;
  const key = rawKey(hash, o.path);
  await ctx.bucket.put(key, body);
  return { ...o, key, bytes: body.length, hash, sourceVersion: null, synthetic };
}
