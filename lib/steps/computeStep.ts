import { s3RawInput } from '../aws/s3Input.ts';
import { StagingStore, stagingPrefix } from '../aws/stagingStore.ts';
import type { SourceRole } from '../config/configuration.ts';
import { ConfigError } from '../errors.ts';
import { referenceInputs } from '../fs/referenceInputs.ts';
import type { EurostatFormat } from '../model/formats.ts';
import { formatOfStored, isEurostatRole } from '../model/inputLayout.ts';
import { configInput, type EurostatInput, type RefreshInputs } from '../model/rawInput.ts';
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
  for (const o of objects) {
    // Read in the format it was fetched in (it travels with the object), never assumed.
    if (isEurostatRole(o.role))
      eurostat[o.role] = { ...s3RawInput(ctx.bucket, o), format: eurostatFormatOf(o) };
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
          organisations: { ...s3RawInput(ctx.bucket, org), format: otherFormatOf(org) },
        }
      : {}),
    ...(consortia
      ? {
          consortia: { ...s3RawInput(ctx.bucket, consortia), format: otherFormatOf(consortia) },
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

function eurostatFormatOf(o: RawObject): EurostatFormat {
  const format = formatOfStored(o);
  if (format === 'csv' || format === 'json')
    throw new ConfigError(`${o.path} (${o.role}) is recorded as ${format}, not a Eurostat format`);
  return format;
}

function otherFormatOf(o: RawObject): 'csv' | 'json' {
  const format = formatOfStored(o);
  if (format !== 'csv' && format !== 'json')
    throw new ConfigError(`${o.path} (${o.role}) is recorded as ${format}, not CSV or JSON`);
  return format;
}
