import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.ts';
import { catalogName, glueColumns, HIVE_TYPE } from '../../lib/infra/catalogSchema.ts';
import { SnapshotCatalog, type SnapshotCatalogProps } from '../../lib/infra/snapshotCatalog.ts';
import { SnapshotReader } from '../../lib/infra/snapshotReader.ts';
import { COOPERATION } from '../../lib/snapshot/published/cooperation.ts';
import { PUBLISHED } from '../../lib/snapshot/published/index.ts';
import type { TableSpec } from '../../lib/snapshot/tableSpec.ts';
import { constructStack, logicalId, sampleConfig } from './support.ts';

/**
 * The catalog alone, over a plain snapshot bucket and log bucket, granting queries to a reader of its own (as
 * the stack does; tests/infra/consumers.test.ts checks the stack's reader and outputs).
 */
function alone(props: Partial<SnapshotCatalogProps> = {}, stackName?: string) {
  return constructStack((stack) => {
    const bucket = new s3.Bucket(stack, 'Snapshots');
    const accessLogs = new s3.Bucket(stack, 'Logs');
    const table = new dynamodb.Table(stack, 'Items', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    const reader = new SnapshotReader(stack, 'SnapshotReader', { bucket, table });
    const catalog = new SnapshotCatalog(stack, 'Catalog', {
      bucket,
      accessLogs,
      bytesScannedLimit: 50_000_000,
      ...props,
    });
    catalog.grantQuery(reader.policy);
    return { bucket, accessLogs, reader, catalog };
  }, stackName);
}

const { template, catalog, bucket, accessLogs, reader } = alone();
const bucketId = logicalId(bucket);
const resultsId = logicalId(catalog.results);
const databaseId = logicalId(catalog.database);
const glueTables = template.findResources('AWS::Glue::Table');
const tableInput = (name: string) =>
  Object.values(glueTables).find((t) => t.Properties.TableInput.Name === name)?.Properties.TableInput;

describe('the Glue database', () => {
  it('is one database named after the stack', () => {
    template.resourceCountIs('AWS::Glue::Database', 1);
    template.hasResourceProperties('AWS::Glue::Database', {
      CatalogId: { Ref: 'AWS::AccountId' },
      DatabaseInput: { Name: 'eu_cluster_pipeline' },
    });
  });

  it('takes a name valid for Glue and Athena from any stack name', () => {
    expect(['EuClusterPipeline', 'eu-cluster-Test2', 'EUCluster'].map(catalogName)).toEqual([
      'eu_cluster_pipeline',
      'eu_cluster_test2',
      'eucluster',
    ]);
  });

  it('has one table per published table and no crawler', () => {
    expect(Object.values(glueTables).map((t) => t.Properties.TableInput.Name)).toEqual(
      PUBLISHED.map((t) => t.name),
    );
    for (const t of Object.values(glueTables)) expect(t.Properties.DatabaseName).toEqual({ Ref: databaseId });
    template.resourceCountIs('AWS::Glue::Crawler', 0);
  });
});

describe.each(PUBLISHED.map((spec) => [spec.name, spec] as const))('Glue table %s', (name, spec) => {
  const input = tableInput(name);

  it('has the columns of the table spec, in file order, typed from the field types', () => {
    expect(input.StorageDescriptor.Columns).toEqual(
      spec.fields.map((f) => ({
        Name: f.name,
        Type: HIVE_TYPE[f.type],
        Comment: expect.stringContaining(f.description),
      })),
    );
  });

  it('is partitioned by version, projected from the query (injected) onto the publisher’s folders', () => {
    expect(input.PartitionKeys).toEqual([{ Name: 'version', Type: 'string', Comment: expect.any(String) }]);
    expect(input.Parameters).toEqual({
      EXTERNAL: 'TRUE',
      classification: 'parquet',
      'projection.enabled': 'true',
      'projection.version.type': 'injected',
      'storage.location.template': {
        'Fn::Join': ['', ['s3://', { Ref: bucketId }, `/snapshots/\${version}/parquet/${name}/`]],
      },
    });
  });

  it('reads Parquet', () => {
    expect(input.TableType).toBe('EXTERNAL_TABLE');
    expect(input.StorageDescriptor).toMatchObject({
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
    });
  });
});

describe('Glue columns from a table spec', () => {
  const spec = (fields: TableSpec<never>['fields']): TableSpec<never> => ({
    name: 'example',
    path: 'data/example.csv',
    description: 'An example table for this test',
    primaryKey: [],
    fields,
    toRow: () => [],
  });

  it('maps string, integer, number, boolean and date to string, int, double, boolean and string', () => {
    const types = ['string', 'integer', 'number', 'boolean', 'date'] as const;
    const columns = glueColumns(spec(types.map((type) => ({ name: `a_${type}`, type, description: type }))));
    expect(columns.map((c) => c.type)).toEqual(['string', 'int', 'double', 'boolean', 'string']);
  });

  it('puts the unit after the description in the comment', () => {
    const [column] = glueColumns(spec([{ name: 'n', type: 'number', description: 'Jobs', unit: 'persons' }]));
    expect(column?.comment).toBe('Jobs [persons]');
  });

  it('refuses a field named like the partition column, or a comment longer than Glue keeps', () => {
    expect(() => glueColumns(spec([{ name: 'version', type: 'string', description: 'x' }]))).toThrow(
      /example.*"version"/,
    );
    expect(() => glueColumns(spec([{ name: 'x', type: 'string', description: 'y'.repeat(256) }]))).toThrow(
      /example, field x: description of 256 characters, Glue allows 255/,
    );
  });

  it('gives a table added to the specs its Glue table, without further code', () => {
    const ADDED = { ...COOPERATION, name: 'added_table', path: 'data/added_table.csv' };
    const other = alone({ bytesScannedLimit: 10_000_000, tables: [...PUBLISHED, ADDED] }, 'OtherStack');
    const tables = other.template.findResources('AWS::Glue::Table');
    const cooperation = Object.values(tables).find((t) => t.Properties.TableInput.Name === 'added_table');
    expect(Object.keys(tables)).toHaveLength(PUBLISHED.length + 1);
    expect(
      cooperation?.Properties.TableInput.StorageDescriptor.Columns.map((c: { Name: string }) => c.Name),
    ).toEqual(ADDED.fields.map((f) => f.name));
  });
});

describe('the Athena workgroup', () => {
  it('enforces its result location, encryption and the configured bytes-scanned cutoff', () => {
    template.resourceCountIs('AWS::Athena::WorkGroup', 1);
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'eu_cluster_pipeline',
      State: 'ENABLED',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 50_000_000,
        ResultConfiguration: {
          OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: resultsId }, '/athena-results/']] },
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          ExpectedBucketOwner: { Ref: 'AWS::AccountId' },
        },
      },
    });
  });

  it('scans at most 1 GB a query with the default configuration', () => {
    const { athenaBytesScannedLimit } = sampleConfig().deployment;
    const defaults = Object.values(
      alone({ bytesScannedLimit: athenaBytesScannedLimit }).template.findResources('AWS::Athena::WorkGroup'),
    );
    expect(defaults[0]?.Properties.WorkGroupConfiguration.BytesScannedCutoffPerQuery).toBe(1_000_000_000);
  });

  it('takes no limit below Athena’s minimum of 10 MB', () => {
    expect(() => sampleConfig({ athenaBytesScannedLimit: 9_999_999 })).toThrow(ConfigError);
    expect(() => sampleConfig({ athenaBytesScannedLimit: 9_999_999 })).toThrow(
      /deployment\.athenaBytesScannedLimit/,
    );
  });
});

describe('the results bucket', () => {
  const results = template.findResources('AWS::S3::Bucket')[resultsId]?.Properties;

  it('is private, encrypted, logged to the log bucket, and expires results after 30 days', () => {
    expect(results).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logicalId(accessLogs) },
        LogFilePrefix: 'athena-results-bucket/',
      },
      LifecycleConfiguration: {
        Rules: [expect.objectContaining({ ExpirationInDays: 30, Status: 'Enabled' })],
      },
    });
  });

  it('refuses requests without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: resultsId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe('the reader policy', () => {
  const policyId = logicalId(reader.policy);

  describe('simulated (IAM policy evaluation, offline)', async () => {
    const account = '111122223333';
    const region = 'eu-west-1';
    const document = resolveTemplateValue(
      template.findResources('AWS::IAM::ManagedPolicy')[policyId]?.Properties.PolicyDocument,
      template.toJSON().Resources,
      { account, region },
    );
    const bucketName = (id: string) => `bucket-${id.toLowerCase()}`;
    const decide = async (action: string, resource: string, context: Record<string, string> = {}) => {
      const result = await runSimulation(
        {
          request: {
            principal: `arn:aws:iam::${account}:role/consumer`,
            action,
            resource: { resource, accountId: account },
            contextVariables: context,
          },
          identityPolicies: [{ name: 'reader', policy: document }],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
        },
        {},
      );
      if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
      if (result.resultType !== 'single') throw new Error(`unexpected ${result.resultType}`);
      return result.overallResult;
    };
    const workgroup = (name: string) => `arn:aws:athena:${region}:${account}:workgroup/${name}`;
    const glue = (path: string) => `arn:aws:glue:${region}:${account}:${path}`;
    const results = `arn:aws:s3:::${bucketName(resultsId)}`;
    const snapshots = `arn:aws:s3:::${bucketName(bucketId)}`;

    it.each([
      ['athena:StartQueryExecution', workgroup('eu_cluster_pipeline')],
      ['athena:GetQueryResults', workgroup('eu_cluster_pipeline')],
      ['glue:GetTable', glue('table/eu_cluster_pipeline/location_quotients')],
      ['glue:GetDatabase', glue('database/eu_cluster_pipeline')],
      ['glue:GetDatabase', glue('catalog')],
      ['s3:PutObject', `${results}/athena-results/1234.csv`],
      ['s3:GetObject', `${results}/athena-results/1234.csv`],
      ['s3:GetObject', `${snapshots}/snapshots/v1/parquet/maturity/maturity.parquet`],
      ['s3:GetBucketLocation', snapshots],
    ])('allows %s on %s', async (action, resource) => {
      expect(await decide(action, resource)).toBe('Allowed');
    });

    it('allows listing the results under athena-results/ only', async () => {
      expect(await decide('s3:ListBucket', results, { 's3:prefix': 'athena-results/x' })).toBe('Allowed');
      expect(await decide('s3:ListBucket', results, { 's3:prefix': '' })).toBe('ImplicitlyDenied');
    });

    it.each([
      ['athena:StartQueryExecution', workgroup('primary')],
      ['athena:DeleteWorkGroup', workgroup('eu_cluster_pipeline')],
      ['athena:UpdateWorkGroup', workgroup('eu_cluster_pipeline')],
      ['glue:GetTable', glue('table/other_database/secrets')],
      ['glue:UpdateTable', glue('table/eu_cluster_pipeline/location_quotients')],
      ['glue:CreateTable', glue('database/eu_cluster_pipeline')],
      ['s3:PutObject', `${results}/elsewhere/1234.csv`],
      ['s3:PutObject', `${snapshots}/snapshots/v1/parquet/maturity/maturity.parquet`],
      ['s3:GetObject', `${snapshots}/raw/inputs/abc`],
    ])('denies %s on %s', async (action, resource) => {
      expect(await decide(action, resource)).toBe('ImplicitlyDenied');
    });
  });
});

/**
 * A value of the template with its references made concrete: pseudo parameters, buckets as
 * `bucket-<logical id>`, tables as `table-<logical id>`, `Fn::GetAtt Arn` of those, `Fn::Join`.
 */
function resolveTemplateValue(
  value: unknown,
  resources: Record<string, { Type: string }>,
  env: { account: string; region: string },
): unknown {
  const name = (id: string) => {
    const type = resources[id]?.Type;
    if (type === 'AWS::S3::Bucket') return `bucket-${id.toLowerCase()}`;
    if (type === 'AWS::DynamoDB::Table') return `table-${id.toLowerCase()}`;
    throw new Error(`no name for ${id} (${type})`);
  };
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    if (typeof o.Ref === 'string') {
      const pseudo: Record<string, string> = {
        'AWS::Partition': 'aws',
        'AWS::AccountId': env.account,
        'AWS::Region': env.region,
      };
      return pseudo[o.Ref] ?? name(o.Ref);
    }
    if (Array.isArray(o['Fn::GetAtt'])) {
      const [id, attribute] = o['Fn::GetAtt'] as [string, string];
      if (attribute !== 'Arn') throw new Error(`unexpected attribute ${attribute}`);
      const type = resources[id]?.Type;
      return type === 'AWS::S3::Bucket'
        ? `arn:aws:s3:::${name(id)}`
        : `arn:aws:dynamodb:${env.region}:${env.account}:table/${name(id)}`;
    }
    if (Array.isArray(o['Fn::Join'])) {
      const [delimiter, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(visit).join(delimiter);
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, visit(x)]));
  };
  return visit(value);
}
