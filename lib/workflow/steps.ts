import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { AwsSnapshotStore, SupersededError } from '../aws/awsSnapshotStore.ts';
import type { Bucket } from '../aws/bucket.ts';
import { s3RawInput } from '../aws/s3Input.ts';
import { readStaged, StagingStore, stagingPrefix } from '../aws/stagingStore.ts';
import { expiresAt, ledgerKey, sourceKey } from '../aws/tableItems.ts';
import type { PipelineConfig, SourceRole } from '../config/pipelineConfig.ts';
import { ConfigError } from '../errors.ts';
import { fetchDatasetBuffer } from '../io/eurostat/client.ts';
import { fileInput } from '../io/fileInput.ts';
import type { RefreshInputs } from '../pipeline/parseInputs.ts';
import { configInput, type EurostatInput } from '../pipeline/rawInput.ts';
import { refresh } from '../pipeline/refresh.ts';
import { canonicalJson, sha256Hex } from '../snapshot/hashing.ts';
import type {
  CheckOutput,
  ComputeInput,
  ComputeOutput,
  FetchOutput,
  PublishOutput,
  RawObject,
  SourceTask,
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

/** Starts a run: records it in the ledger and lists the sources to fetch. */
export async function checkStep(
  ctx: StepContext,
  input: { force: boolean; runId: string },
): Promise<CheckOutput> {
  const startedAt = ctx.now().toISOString();
  await ledger(ctx, input.runId, 'STARTED', { startedAt, force: input.force });
  const sources: SourceTask[] = EUROSTAT_ROLES.filter((r) => ctx.config.sources[r]).map((role) => ({
    runId: input.runId,
    source: role,
    kind: 'eurostat' as const,
  }));
  sources.push({ runId: input.runId, source: 'inputs', kind: 'bucket' });
  return { runId: input.runId, startedAt, force: input.force, sources };
}

/** Fetches one source into `raw/` (content-addressed) and records what was seen. */
export async function fetchStep(ctx: StepContext, task: SourceTask): Promise<FetchOutput> {
  const objects =
    task.kind === 'eurostat' ? [await fetchEurostat(ctx, task.source as SourceRole)] : await fetchInputs(ctx);
  const combined = `sha256:${sha256Hex(objects.map((o) => `${o.path}=${o.hash}`).join('\n'))}`;
  const state = await ctx.ddb.send(new GetCommand({ TableName: ctx.table, Key: sourceKey(task.source) }));
  const changed = state.Item?.hash !== combined;
  await ctx.ddb.send(
    new PutCommand({
      TableName: ctx.table,
      Item: {
        ...sourceKey(task.source),
        hash: combined,
        objects: objects.map((o) => ({
          path: o.path,
          key: o.key,
          hash: o.hash,
          sourceVersion: o.sourceVersion,
        })),
        fetchedAt: ctx.now().toISOString(),
        ...(changed ? { changedAt: ctx.now().toISOString() } : { changedAt: state.Item?.changedAt }),
      },
    }),
  );
  return { source: task.source, changed, objects };
}

async function fetchEurostat(ctx: StepContext, role: SourceRole): Promise<RawObject> {
  const source = ctx.config.sources[role];
  if (!source) throw new ConfigError(`no source configured for ${role}`);
  const baseUrl = process.env.EUROSTAT_BASE_URL || ctx.config.eurostat.baseUrl;
  const download = await fetchDatasetBuffer(
    { dataset: source.dataset, format: 'tsv', filters: {} },
    { baseUrl },
  );
  const hex = createHash('sha256').update(download.body).digest('hex');
  const gz = download.body[0] === 0x1f && download.body[1] === 0x8b;
  const ext = gz ? 'tsv.gz' : 'tsv';
  const key = `raw/eurostat/${source.dataset}/${hex}.${ext}`;
  await ctx.bucket.put(key, download.body);
  return {
    role,
    name: source.dataset,
    path: `eurostat/${source.dataset}.${ext}`,
    key,
    bytes: download.body.length,
    hash: `sha256:${hex}`,
    sourceVersion: download.sourceVersion,
    synthetic: false,
  };
}

/** Cluster organisations, policy facts and a mapping dropped under `inbox/`, copied into `raw/inputs/`. */
async function fetchInputs(ctx: StepContext): Promise<RawObject[]> {
  const out: RawObject[] = [];
  for (const { key } of await ctx.bucket.list(INPUTS_PREFIX)) {
    const path = key.slice(INPUTS_PREFIX.length);
    const role = inputRole(path);
    if (!role) continue;
    const body = await ctx.bucket.getBuffer(key);
    const hex = createHash('sha256').update(body).digest('hex');
    const rawKey = `raw/inputs/${hex}`;
    await ctx.bucket.put(rawKey, body);
    out.push({
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
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
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
