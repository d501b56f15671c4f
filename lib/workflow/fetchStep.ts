import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import '../zodLocale.ts';
import { sourceKey } from '../aws/tableItems.ts';
import type { SourceRole } from '../config/pipelineConfig.ts';
import { ConfigError } from '../errors.ts';
import { maybeGunzip } from '../io/decompress.ts';
import { S3RawSink } from '../io/eurostat/sinks.ts';
import { downloadOrganisations, downloadSource, firstLineOf } from '../io/sourceDownload.ts';
import type { SourceState } from '../pipeline/sourcePlan.ts';
import { type FetchOutput, type RawObject, rawObjectSchema, type SourceTask } from './events.ts';
import { httpBudget } from './httpBudget.ts';
import {
  eurostatBaseUrl,
  eurostatState,
  INBOX_SOURCE,
  INPUTS_PREFIX,
  inboxSignature,
} from './sourceState.ts';
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
    sourceVersion: s.lastDataUpdate ?? s.lastModified ?? s.etag ?? null,
    synthetic: false,
  };
}

async function fetchEurostat(ctx: StepContext, task: SourceTask): Promise<FetchOutput> {
  const role = task.source as SourceRole;
  const source = ctx.config.sources[role];
  if (!source) throw new ConfigError(`no source configured for ${role}`);
  const previous = await eurostatState(ctx, role, source.dataset);
  if (task.plan.action === 'reuse' && previous) {
    return { source: role, changed: false, objects: [rawObjectOf(role, previous)] };
  }
  const { state: next } = await downloadSource({
    source,
    previous,
    // Without the catalogue's dates, ask with the validators: an unchanged dataset answers 304.
    conditional: !task.plan.lastDataUpdate,
    lastDataUpdate: task.plan.lastDataUpdate,
    lastStructureChange: task.plan.lastStructureChange,
    acceptStructureChange: task.plan.acceptStructureChange,
    sink: new S3RawSink(ctx.bucket.s3, ctx.bucket.name),
    firstLine: (key, shown) => firstLineOf(maybeGunzip(ctx.bucket.stream(key), shown)),
    options: { baseUrl: eurostatBaseUrl(ctx), ...httpBudget() },
    now: ctx.now(),
  });
  await ctx.ddb.send(new PutCommand({ TableName: ctx.table, Item: { ...sourceKey(role), state: next } }));
  return { source: role, changed: next.hash !== previous?.hash, objects: [rawObjectOf(role, next)] };
}

/** Cluster organisations, policy facts and a mapping dropped under `inbox/`, copied into `raw/inputs/`. */
async function fetchInbox(ctx: StepContext, task: SourceTask): Promise<FetchOutput> {
  const state = await ctx.ddb.send(new GetCommand({ TableName: ctx.table, Key: sourceKey(INBOX_SOURCE) }));
  const previous = z.array(rawObjectSchema).safeParse(state.Item?.objects);
  if (task.plan.action === 'reuse' && previous.success) {
    return { source: INBOX_SOURCE, changed: false, objects: previous.data };
  }
  const listing = await ctx.bucket.list(INPUTS_PREFIX);
  const objects: RawObject[] = [];
  for (const { key } of listing) {
    const path = key.slice(INPUTS_PREFIX.length);
    const role = inputRole(path);
    if (!role) continue;
    const body = await ctx.bucket.getBuffer(key);
    const hex = createHash('sha256').update(body).digest('hex');
    const rawKey = `raw/inputs/${hex}`;
    await ctx.bucket.put(rawKey, body);
    objects.push({
      role,
      name: path.replace(/^.*\//, '').replace(/\.[^.]+$/, ''),
      path,
      key: rawKey,
      bytes: body.length,
      hash: `sha256:${hex}`,
      sourceVersion: null,
      synthetic: /synthetic/i.test(path),
    });
  }
  const url = ctx.config.eccp?.url;
  if (url) {
    // The configured URL wins over a file in the inbox.
    const { body, path } = await downloadOrganisations(url, httpBudget());
    const hex = createHash('sha256').update(body).digest('hex');
    await ctx.bucket.put(`raw/inputs/${hex}`, body);
    const i = objects.findIndex((o) => o.role === 'clusterOrganisations');
    if (i !== -1) objects.splice(i, 1);
    objects.push({
      role: 'clusterOrganisations',
      name: 'cluster_organisations',
      path,
      key: `raw/inputs/${hex}`,
      bytes: body.length,
      hash: `sha256:${hex}`,
      sourceVersion: null,
      synthetic: false,
    });
  }
  objects.sort((a, b) => (a.path < b.path ? -1 : 1));
  await ctx.ddb.send(
    new PutCommand({
      TableName: ctx.table,
      Item: {
        ...sourceKey(INBOX_SOURCE),
        signature: inboxSignature(listing),
        objects,
        fetchedAt: ctx.now().toISOString(),
      },
    }),
  );
  const changed = !previous.success || JSON.stringify(previous.data) !== JSON.stringify(objects);
  return { source: INBOX_SOURCE, changed, objects };
}

function inputRole(path: string): string | undefined {
  if (/^eccp\/cluster_organisations\.(csv|json)$/.test(path)) return 'clusterOrganisations';
  if (/^policy\/[^/]+\.json$/.test(path)) return 'policy';
  if (path === 'mapping/nace2_to_ecosystem.csv') return 'mapping';
  return undefined;
}
