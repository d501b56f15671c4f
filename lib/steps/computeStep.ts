import { s3RawInput } from '../aws/s3Input.ts';
import { StagingStore, stagingPrefix } from '../aws/stagingStore.ts';
import { EUROSTAT_ROLES, type SourceRole } from '../config/configuration.ts';
import { ConfigError } from '../errors.ts';
import { referenceInputs } from '../fs/referenceInputs.ts';
import type { RefreshInputs } from '../refresh/parseInputs.ts';
import { configInput, type EurostatInput } from '../refresh/rawInput.ts';
import { refresh } from '../refresh/refresh.ts';
import { canonicalJson } from '../snapshot/hashing.ts';
import type { ComputeInput, ComputeOutput, RawObject } from './events.ts';
import { ledger, type StepContext } from './stepContext.ts';

/** Parses, computes and stages a snapshot, unless the latest one already has these inputs and code. */
export async function computeStep(ctx: StepContext, input: ComputeInput): Promise<ComputeOutput> {
  const objects = input.fetched.flatMap((f) => f.objects);
  const inputs = await refreshInputs(ctx, objects);
  const store = new StagingStore(ctx.bucket, ctx.table.ddb, ctx.table.name);
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
  if (!eurostat.nationalByDivision && !eurostat.regionalByActivity) {
    throw new ConfigError('the run fetched neither nationalByDivision nor regionalByActivity data');
  }
  const reference = await referenceInputs(referenceDir);
  const org = objects.find((o) => o.role === 'clusterOrganisations');
  const consortia = objects.find((o) => o.role === 'consortia');
  const mapping = objects.find((o) => o.role === 'mapping');
  return {
    config: ctx.config,
    configInput: configInput(canonicalJson(ctx.config), '(deployment configuration)'),
    eurostat,
    ...(org
      ? {
          organisations: {
            ...s3RawInput(ctx.bucket, org),
            format: org.path.endsWith('.json') ? 'json' : 'csv',
          },
        }
      : {}),
    ...(consortia
      ? {
          consortia: {
            ...s3RawInput(ctx.bucket, consortia),
            format: consortia.path.endsWith('.json') ? 'json' : 'csv',
          },
        }
      : {}),
    policies: objects.filter((o) => o.role === 'policy').map((o) => s3RawInput(ctx.bucket, o)),
    mapping: mapping ? s3RawInput(ctx.bucket, mapping) : reference.mapping,
    nace: reference.nace,
    ...(reference.cityLookup ? { cityLookup: reference.cityLookup } : {}),
    nutsCodes: reference.nutsCodes,
    ...(reference.countryNames ? { countryNames: reference.countryNames } : {}),
  };
}
