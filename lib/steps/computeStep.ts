import { AwsSnapshotStore } from '../aws/awsSnapshotStore.ts';
import { s3RawInput } from '../aws/s3Input.ts';
import { stageSnapshot, stagingPrefix } from '../aws/stagedSnapshot.ts';
import type { SourceRole } from '../config/configuration.ts';
import { ConfigError } from '../errors.ts';
import { referenceInputs } from '../fs/referenceInputs.ts';
import type { EurostatFormat } from '../model/formats.ts';
import { formatOfStored, isEurostatRole } from '../model/inputLayout.ts';
import { configInput, type EurostatInput, type RefreshInputs } from '../model/rawInput.ts';
import { snapshotFiles } from '../refresh/compute.ts';
import { decide } from '../refresh/decide.ts';
import { canonicalJson } from '../snapshot/hashing.ts';
import type { ComputeInput, ComputeOutput, RawObject } from './events.ts';
import { ledger, type StepContext } from './stepContext.ts';

/**
 * Decides against the latest version, then computes and stages the new one under `staging/<version>/`, unless
 * the latest one already has these inputs and code. It publishes nothing: the publish step does, from what is
 * staged, with the latest version read here as the one it expects to replace.
 */
export async function computeStep(ctx: StepContext, input: ComputeInput): Promise<ComputeOutput> {
  const objects = input.fetched.flatMap((f) => f.objects);
  const inputs = await refreshInputs(ctx, objects);
  const published = new AwsSnapshotStore(ctx.bucket, ctx.table.ddb, ctx.table.name);
  const decision = decide(inputs, {
    latest: await published.latest(),
    // The run's start, not this attempt's clock: a retried step names (and stages) the same version.
    now: new Date(input.startedAt),
    codeVersion: ctx.codeVersion,
    force: input.force,
  });
  if (decision.status === 'unchanged') {
    await ledger(ctx, input.runId, 'UNCHANGED', { version: decision.version });
    return { status: 'unchanged', runId: input.runId, version: decision.version };
  }
  // The pages are rendered by the render step, from the staged page input.
  const snapshot = await snapshotFiles(inputs, decision, {
    codeVersion: ctx.codeVersion,
    published,
    render: null,
  });
  await stageSnapshot(ctx.bucket, snapshot);
  return {
    status: 'staged',
    runId: input.runId,
    version: decision.version,
    staging: stagingPrefix(decision.version),
    previous: decision.previous,
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
