import { Aws, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PREFIX, s3Url } from '../model/bucketKeys.ts';
import { PUBLISHED } from '../snapshot/published/index.ts';
import type { TableSpec } from '../snapshot/tableSpec.ts';
import {
  catalogName,
  glueColumns,
  tableFolderKey,
  VERSION_COLUMN,
  VERSION_PLACEHOLDER,
} from './catalogSchema.ts';
import { acknowledge, nagValue } from './nag.ts';

/** Where the workgroup writes query results, in the results bucket. */
export const ATHENA_RESULTS_PREFIX = 'athena-results/';

/** Days a query's result files are kept: they are copies of published data, rerun the query to get them back. */
export const RESULT_EXPIRY_DAYS = 30;

/** Where the results bucket's server access logs go in the access-log bucket. */
export const RESULTS_BUCKET_LOG_PREFIX = 'athena-results-bucket/';

export interface SnapshotCatalogProps {
  /** The snapshot bucket (the tables point at its `snapshots/<version>/parquet/<table>/` folders). */
  readonly bucket: s3.IBucket;
  /** The bucket receiving server access logs, for the results bucket's too. */
  readonly accessLogs: s3.IBucket;
  /** Bytes one query may scan before Athena cancels it (`deployment.athenaBytesScannedLimit`). */
  readonly bytesScannedLimit: number;
  /** The tables to catalogue. @default every published table */
  readonly tables?: readonly TableSpec<never>[];
}

/**
 * The published Parquet files as an Athena database: a Glue database with one external table per snapshot
 * table, partitioned by `version` with partition projection of type `injected` (no crawler, no partitions to
 * register: Athena computes each location from the version the query names), and a workgroup whose settings
 * are enforced (result location and encryption, a bytes-scanned cutoff per query).
 *
 * Why `injected` rather than `enum`: version ids are a time plus a hash, which no `date` projection can
 * generate, and an `enum` list would have to be rewritten in the catalog by every publish (a Glue write for the
 * publisher, and a window in which the newest version is not queryable). The price is that every query names
 * its version(s) — which also stops a query from scanning every version by accident.
 */
export class SnapshotCatalog extends Construct {
  readonly database: glue.CfnDatabase;
  readonly databaseName: string;
  readonly tables: glue.CfnTable[];
  readonly workGroup: athena.CfnWorkGroup;
  readonly workGroupName: string;
  readonly results: s3.Bucket;
  private readonly bucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: SnapshotCatalogProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    if (Token.isUnresolved(stackName)) throw new Error('SnapshotCatalog needs a stack with a literal name');
    this.bucket = props.bucket;
    this.databaseName = catalogName(stackName);
    this.workGroupName = catalogName(stackName);
    this.results = this.resultsBucket(props.accessLogs);

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: {
        name: this.databaseName,
        description:
          'EU cluster statistics snapshots (Parquet). Every table is partitioned by version: name it in WHERE.',
      },
    });

    this.tables = (props.tables ?? PUBLISHED).map((spec) => this.catalogTable(spec));
    this.workGroup = this.createWorkGroup(props.bytesScannedLimit);
  }

  /** The query results' own bucket: encrypted, logged, expiring. */
  private resultsBucket(accessLogs: s3.IBucket): s3.Bucket {
    return new s3.Bucket(this, 'Results', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: RESULTS_BUCKET_LOG_PREFIX,
      lifecycleRules: [
        {
          id: 'expire-query-results',
          expiration: Duration.days(RESULT_EXPIRY_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Kept like the other buckets (a non-empty bucket would fail the stack's deletion); it empties itself
      // within RESULT_EXPIRY_DAYS.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** One snapshot table as an external Parquet table, its locations projected from the queried version. */
  private catalogTable(spec: TableSpec<never>): glue.CfnTable {
    return new glue.CfnTable(this, `Table-${spec.name}`, {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: this.database.ref,
      tableInput: {
        name: spec.name,
        description: spec.description,
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          EXTERNAL: 'TRUE',
          classification: 'parquet',
          'projection.enabled': 'true',
          [`projection.${VERSION_COLUMN}.type`]: 'injected',
          'storage.location.template': s3Url(
            this.bucket.bucketName,
            tableFolderKey(spec.name, VERSION_PLACEHOLDER),
          ),
        },
        partitionKeys: [
          {
            name: VERSION_COLUMN,
            type: 'string',
            comment: 'Snapshot version id (snapshots/latest.json names the newest); required in WHERE',
          },
        ],
        storageDescriptor: {
          columns: glueColumns(spec),
          // Unused by queries (the template above gives every location); the root of all versions.
          location: s3Url(this.bucket.bucketName, PREFIX.snapshots),
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serdeInfo: {
            serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
          },
        },
      },
    });
  }

  /** The workgroup, its settings enforced: result location and encryption, a bytes-scanned cutoff. */
  private createWorkGroup(bytesScannedLimit: number): athena.CfnWorkGroup {
    return new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: 'Queries over the EU cluster statistics snapshots',
      state: 'ENABLED',
      // Lets the stack's deletion remove the workgroup with its saved queries and history.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: bytesScannedLimit,
        resultConfiguration: {
          outputLocation: this.results.s3UrlForObject(ATHENA_RESULTS_PREFIX),
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
          expectedBucketOwner: Aws.ACCOUNT_ID,
        },
      },
    });
  }

  get workGroupArn(): string {
    return Stack.of(this).formatArn({
      service: 'athena',
      resource: 'workgroup',
      resourceName: this.workGroupName,
    });
  }

  /** The Glue ARNs a query needs: the catalog, the database and its tables (all of them: the stack owns it). */
  get glueArns(): { catalog: string; database: string; tables: string } {
    const stack = Stack.of(this);
    const arn = (resource: string, resourceName?: string) =>
      stack.formatArn({ service: 'glue', resource, ...(resourceName ? { resourceName } : {}) });
    return {
      catalog: arn('catalog'),
      database: arn('database', this.databaseName),
      tables: arn('table', `${this.databaseName}/*`),
    };
  }

  /**
   * Lets holders of `policy` run queries in the workgroup: start, follow, stop and read queries there, read the
   * catalogue's definitions, and write and read the results under `athena-results/`. The Parquet files
   * themselves are read with the caller's own rights on `snapshots/` (the reader policy has them); Athena also
   * asks both buckets for their region.
   */
  grantQuery(policy: iam.ManagedPolicy): void {
    const resultObjects = this.results.arnForObjects(`${ATHENA_RESULTS_PREFIX}*`);
    const glueArns = this.glueArns;
    policy.addStatements(
      new iam.PolicyStatement({
        sid: 'RunQueriesInWorkGroup',
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
          'athena:GetWorkGroup',
        ],
        resources: [this.workGroupArn],
      }),
      new iam.PolicyStatement({
        sid: 'ReadCatalog',
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'],
        resources: [glueArns.catalog, glueArns.database, glueArns.tables],
      }),
      new iam.PolicyStatement({
        sid: 'LocateBuckets',
        actions: ['s3:GetBucketLocation'],
        resources: [this.bucket.bucketArn, this.results.bucketArn],
      }),
      new iam.PolicyStatement({
        sid: 'ReadWriteQueryResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [resultObjects],
      }),
      new iam.PolicyStatement({
        sid: 'ListQueryResults',
        actions: ['s3:ListBucket'],
        resources: [this.results.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${ATHENA_RESULTS_PREFIX}*`] } },
      }),
    );
    acknowledge(policy, {
      [`AwsSolutions-IAM5[Resource::${nagValue(this, glueArns.tables)}]`]:
        "Queries read any table of the stack's own Glue database (one per snapshot table); read-only.",
      [`AwsSolutions-IAM5[Resource::${nagValue(this, resultObjects)}]`]:
        'Athena writes each query its own result files under athena-results/ of the dedicated results bucket.',
    });
  }
}

/** The AWS CLI line that starts an example query in the workgroup (the stack output `AthenaQueryCommand`). */
export function athenaExampleCommand(workGroup: string, database: string): string {
  return (
    `aws athena start-query-execution --work-group ${workGroup} ` +
    `--query-execution-context Database=${database} --query-string ` +
    `"SELECT region, activity, lq FROM location_quotients WHERE version = '<version>' AND node ORDER BY lq DESC LIMIT 10"`
  );
}
