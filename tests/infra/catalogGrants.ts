import type { EuClusterStack } from '../../lib/infra/euClusterStack.ts';

/** A statement as `expectedGrants` takes it. */
interface Statement {
  actions: string[];
  resources: unknown[];
  conditions?: unknown;
}

/** What the reader policy grants for reading the snapshot files and items (README, "Download"). */
export function snapshotReadGrants(stack: EuClusterStack): Statement[] {
  const bucket = stack.storage.bucket;
  const table = stack.table.table;
  return [
    { actions: ['s3:GetObject'], resources: [bucket.arnForObjects('snapshots/*')] },
    {
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': ['snapshots/*'] } },
    },
    {
      actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['POINTER', 'SNAPSHOT', 'GEO#*'] },
      },
    },
    {
      actions: ['dynamodb:Query'],
      resources: [`${table.tableArn}/index/*`],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['V#*'] } },
    },
  ];
}

/** What querying with Athena adds to it (docs/athena.md, "What the stack creates"). */
export function queryGrants(stack: EuClusterStack): Statement[] {
  const { catalog } = stack;
  const results = catalog.results;
  const arn = (service: string, resource: string, resourceName?: string) =>
    stack.formatArn({ service, resource, ...(resourceName ? { resourceName } : {}) });
  return [
    {
      actions: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
        'athena:GetWorkGroup',
      ],
      resources: [arn('athena', 'workgroup', 'eu_cluster_pipeline')],
    },
    {
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'],
      resources: [
        arn('glue', 'catalog'),
        arn('glue', 'database', 'eu_cluster_pipeline'),
        arn('glue', 'table', 'eu_cluster_pipeline/*'),
      ],
    },
    { actions: ['s3:GetBucketLocation'], resources: [stack.storage.bucket.bucketArn, results.bucketArn] },
    {
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resources: [results.arnForObjects('athena-results/*')],
    },
    {
      actions: ['s3:ListBucket'],
      resources: [results.bucketArn],
      conditions: { StringLike: { 's3:prefix': ['athena-results/*'] } },
    },
  ];
}
