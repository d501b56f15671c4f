import { describe, expect, it } from 'vitest';
import { decide } from './support/iam.ts';
import { synthesizedAssembly } from './support/synth.ts';
import { ACCOUNT, loadDeployed, type PolicyDocument, REGION } from './support/template.ts';

/** The consumers' managed policy of the synthesized template, evaluated with iam-simulate. */
const deployed = loadDeployed(synthesizedAssembly(), { bucket: 'snapshots', table: 'pipeline' });
const [policyId, resource] = Object.entries(deployed.template.Resources).find(
  ([, r]) => r.Type === 'AWS::IAM::ManagedPolicy',
) as unknown as [string, { Properties: { PolicyDocument: unknown } }];
const reader = {
  roleName: 'SnapshotReaderRole',
  policies: [
    { name: policyId, policy: deployed.resolve(resource.Properties.PolicyDocument) as PolicyDocument },
  ],
};
const table = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/pipeline`;
const read = (action: string, pk: string, index?: string) =>
  decide(reader, {
    action: `dynamodb:${action}`,
    resource: index ? `${table}/index/${index}` : table,
    context: { 'dynamodb:LeadingKeys': [pk] },
  });

describe('the reader policy (synthesized, evaluated offline)', () => {
  it.each([
    ['GetItem', 'POINTER'],
    ['Query', 'SNAPSHOT'],
    ['GetItem', 'GEO#BE'],
    ['Query', 'GEO#BE2'],
  ])('allows %s of the published %s items', async (action, pk) => {
    expect(await read(action, pk)).toBe('Allowed');
  });

  it('allows a query of a version’s figures through the byVersion index', async () => {
    expect(await read('Query', 'V#20261201T000000Z-abc', 'byVersion')).toBe('Allowed');
  });

  it.each([
    ['GetItem', 'RUN#night-1'],
    ['Query', 'RUN#night-1'],
    ['GetItem', 'SOURCE#nationalByDivision'],
    ['Query', 'SOURCE#inbox'],
  ])('denies %s of %s (the run ledger and source state are not published)', async (action, pk) => {
    expect(await read(action, pk)).not.toBe('Allowed');
  });

  it('denies every write', async () => {
    expect(await read('PutItem', 'POINTER')).not.toBe('Allowed');
  });

  it('reads snapshots/ only in the bucket', async () => {
    const get = (key: string) =>
      decide(
        reader,
        { action: 's3:GetObject', resource: `arn:aws:s3:::snapshots/${key}`, context: {} },
        deployed.bucketPolicy,
      );
    expect(await get('snapshots/latest.json')).toBe('Allowed');
    expect(await get('raw/eurostat/x')).not.toBe('Allowed');
    expect(await get('staging/v/datapackage.json')).not.toBe('Allowed');
  });
});
