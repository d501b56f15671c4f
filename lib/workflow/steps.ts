import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { AwsSnapshotStore, SupersededError } from '../aws/awsSnapshotStore.ts';
import type { Bucket } from '../aws/bucket.ts';
import { s3RawInput } from '../aws/s3Input.ts';
import { readStaged, StagingStore, stagingPrefix } from '../aws/stagingStore.ts';
import { expiresAt, ledgerKey, sourceKey } from '../aws/tableItems.ts';
import type { PipelineConfig, SourceRole } from '../config/pipelineConfig.ts';
import { ConfigError } from '../errors.ts';
import { maybeGunzip } from '../io/decompress.ts';
import {
  type CatalogueEntry,
  EurostatHttpError,
  MalformedCatalogueError,
  readCatalogue,
  S3RawSink,
  TransientError,
} from '../io/eurostat/index.ts';
import { fileInput } from '../io/fileInput.ts';
import { downloadOrganisations } from '../io/liveInputs.ts';
import { downloadSource, firstLineOf } from '../io/sourceDownload.ts';
import type { RefreshInputs } from '../pipeline/parseInputs.ts';
import { configInput, type EurostatInput } from '../pipeline/rawInput.ts';
import { refresh } from '../pipeline/refresh.ts';
import { planSource, type SourceState, sourceStateSchema } from '../pipeline/sourcePlan.ts';
import { canonicalJson, sha256Hex } from '../snapshot/hashing.ts';
import {
  type CheckOutput,
  type ComputeInput,
  type ComputeOutput,
  type FetchOutput,
  type PublishOutput,
  type RawObject,
  rawObjectSchema,
  type SourceTask,
} from './events.ts';

/** What every step needs: the storage, the configuration, the reference tables, the clock. */
export interface StepContext {
  bucket: Bucket;
  ddb: DynamoDBDocumentClient;
  table: string;
  config: PipelineConfig;
  /** Folder with nace_rev2_structure_en.csv and nace2_to_ecosystem_v0.csv (the compute step's). */
  referenceDir?: string;
  now: () => Date;
  codeVersion: string;
}

/** The bucket prefix where users drop cluster organisations, policy facts and a mapping. */
export const INPUTS_PREFIX = 'inbox/';

const EUROSTAT_ROLES: SourceRole[] = ['nationalByDivision', 'regionalByActivity', 'regionalTotal'];

/**
 * Starts a run: records it in the ledger, reads Eurostat's catalogue and each source's last state, and
 * decides per source whether to fetch it or reuse what is stored. With nothing changed upstream, the run
 * makes only these metadata requests.
 */
export async function checkStep(
  ctx: StepContext,
  input: { force: boolean; runId: string; acceptStructureChange?: boolean },
): Promise<CheckOutput> {
  const startedAt = ctx.now().toISOString();
  await ledger(ctx, input.runId, 'STARTED', { startedAt, force: input.force });
  let catalogue: Map<string, CatalogueEntry> | undefined;
  try {
    catalogue = await readCatalogue({ baseUrl: eurostatBaseUrl(ctx) });
  } catch (err) {
    // Without the catalogue every Eurostat source is fetched (conditionally where validators are known).
    if (
      !(
        err instanceof TransientError ||
        err instanceof EurostatHttpError ||
        err instanceof MalformedCatalogueError
      )
    )
      throw err;
  }
  const accept = input.acceptStructureChange ?? false;
  const sources: SourceTask[] = [];
  for (const role of EUROSTAT_ROLES) {
    const source = ctx.config.sources[role];
    if (!source) continue;
    const entry = catalogue?.get(source.dataset.toLowerCase());
    const state = await eurostatState(ctx, role, source.dataset);
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
  const inbox = await ctx.ddb.send(new GetCommand({ TableName: ctx.table, Key: sourceKey(INBOX_SOURCE) }));
  // eccp.url is asked on every run (a small file); the inbox is copied only when its listing changed.
  const unchanged = !input.force && !ctx.config.eccp?.url && inbox.Item?.signature === signature;
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
  return { runId: input.runId, startedAt, force: input.force, sources };
}

/** The state item's name for the bucket's drop folder. */
const INBOX_SOURCE = 'inbox';

function inboxSignature(listing: Array<{ key: string; size: number; etag?: string }>): string {
  return sha256Hex(listing.map((o) => `${o.key}\t${o.size}\t${o.etag ?? ''}`).join('\n'));
}

/** Fetches one source into `raw/` (content-addressed) and records what was seen; a reuse reads the state only. */
export async function fetchStep(ctx: StepContext, task: SourceTask): Promise<FetchOutput> {
  if (task.kind === 'eurostat') return fetchEurostat(ctx, task);
  return fetchInbox(ctx, task);
}

async function eurostatState(
  ctx: StepContext,
  role: SourceRole,
  dataset: string,
): Promise<SourceState | undefined> {
  const out = await ctx.ddb.send(new GetCommand({ TableName: ctx.table, Key: sourceKey(role) }));
  const parsed = sourceStateSchema.safeParse(out.Item?.state);
  return parsed.success && parsed.data.dataset === dataset ? parsed.data : undefined;
}

function eurostatBaseUrl(ctx: StepContext): string {
  return process.env.EUROSTAT_BASE_URL || ctx.config.eurostat.baseUrl;
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
    options: { baseUrl: eurostatBaseUrl(ctx) },
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
    const { body, path } = await downloadOrganisations(url);
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

/** Parses, computes and stages a snapshot, unless the latest one already has these inputs and code. */
export async function computeStep(ctx: StepContext, input: ComputeInput): Promise<ComputeOutput> {
  const objects = input.fetched.flatMap((f) => f.objects);
  const inputs = await refreshInputs(ctx, objects);
  const store = new StagingStore(ctx.bucket, ctx.ddb, ctx.table);
  const latest = await store.latest();
  const outcome = await refresh({
    inputs,
    store,
    now: new Date(input.startedAt),
    codeVersion: ctx.codeVersion,
    force: input.force,
  });
  if (outcome.status === 'unchanged') {
    await ledger(ctx, input.runId, 'UNCHANGED', { version: outcome.version });
    return { status: 'unchanged', runId: input.runId, version: outcome.version };
  }
  return {
    status: 'staged',
    runId: input.runId,
    version: outcome.version,
    staging: stagingPrefix(outcome.version),
    previous: latest?.version ?? null,
  };
}

async function refreshInputs(ctx: StepContext, objects: RawObject[]): Promise<RefreshInputs> {
  const referenceDir = ctx.referenceDir;
  if (!referenceDir)
    throw new ConfigError('REFERENCE_DIR is not set: the compute step needs the reference tables');
  const eurostat: Partial<Record<SourceRole, EurostatInput>> = {};
  for (const o of objects.filter((x) => EUROSTAT_ROLES.includes(x.role as SourceRole))) {
    eurostat[o.role as SourceRole] = { ...s3RawInput(ctx.bucket, o), format: 'tsv' };
  }
  if (!eurostat.nationalByDivision || !eurostat.regionalByActivity) {
    throw new ConfigError('the run fetched no nationalByDivision or regionalByActivity data');
  }
  const org = objects.find((o) => o.role === 'clusterOrganisations');
  const mapping = objects.find((o) => o.role === 'mapping');
  return {
    config: ctx.config,
    configInput: configInput(canonicalJson(ctx.config), '(deployment configuration)'),
    eurostat: eurostat as RefreshInputs['eurostat'],
    ...(org
      ? {
          organisations: {
            ...s3RawInput(ctx.bucket, org),
            format: org.path.endsWith('.json') ? 'json' : 'csv',
          },
        }
      : {}),
    policies: objects.filter((o) => o.role === 'policy').map((o) => s3RawInput(ctx.bucket, o)),
    mapping: mapping
      ? s3RawInput(ctx.bucket, mapping)
      : await fileInput(
          join(referenceDir, 'nace2_to_ecosystem_v0.csv'),
          'reference/nace2_to_ecosystem_v0.csv',
          'mapping',
          'nace2_to_ecosystem',
        ),
    nace: await fileInput(
      join(referenceDir, 'nace_rev2_structure_en.csv'),
      'reference/nace_rev2_structure_en.csv',
      'classification',
      'nace_rev2',
    ),
    cityLookup: await fileInput(
      join(referenceDir, 'city_to_nuts.csv'),
      'reference/city_to_nuts.csv',
      'cityLookup',
      'city_to_nuts',
    ),
  };
}

/** Moves a staged snapshot into `snapshots/` and flips the pointer; a lost race ends as superseded. */
export async function publishStep(
  ctx: StepContext,
  input: Extract<ComputeOutput, { status: 'staged' }>,
): Promise<PublishOutput> {
  const snapshot = await readStaged(ctx.bucket, input.version);
  const store = new AwsSnapshotStore(ctx.bucket, ctx.ddb, ctx.table);
  const manifestKey = `snapshots/${input.version}/datapackage.json`;
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
  return { status: 'published', runId: input.runId, version: input.version, manifestKey };
}

async function ledger(
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
