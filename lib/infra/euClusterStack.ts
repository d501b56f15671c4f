import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Configuration } from '../config/configuration.ts';
import { KEY, s3Url } from '../model/bucketKeys.ts';
import { PipelineAlarms } from './alarms.ts';
import { ExecutionFailures } from './executionFailures.ts';
import { InboxTrigger } from './inboxTrigger.ts';
import { Notifications } from './notifications.ts';
import { PipelineTable } from './pipelineTable.ts';
import { FETCH_WAVES, RefreshStateMachine } from './refreshStateMachine.ts';
import { RefreshSchedule } from './schedule.ts';
import { SnapshotBucket } from './snapshotBucket.ts';
import { athenaExampleCommand, RESULTS_BUCKET_LOG_PREFIX, SnapshotCatalog } from './snapshotCatalog.ts';
import { SnapshotReader } from './snapshotReader.ts';
import { StepHandlers } from './stepHandlers.ts';
import { executionTimeoutS } from './timeBudgets.ts';

export interface EuClusterStackProps extends StackProps {
  /** The validated configuration document (the same one the CLI reads). */
  readonly config: Configuration;
  /** Recorded in every manifest; the CLI's code version, so both paths fingerprint alike. */
  readonly codeVersion?: string;
}

/** The whole deployment: storage, the four step functions, the workflow, its schedule, alarms and readers. */
export class EuClusterStack extends Stack {
  readonly storage: SnapshotBucket;
  readonly table: PipelineTable;
  readonly handlers: StepHandlers;
  readonly notifications: Notifications;
  readonly workflow: RefreshStateMachine;
  readonly schedule: RefreshSchedule;
  readonly alarms: PipelineAlarms;
  readonly failureReports: ExecutionFailures;
  readonly inbox: InboxTrigger;
  readonly reader: SnapshotReader;
  readonly catalog: SnapshotCatalog;

  constructor(scope: Construct, id: string, props: EuClusterStackProps) {
    super(scope, id, props);
    const { deployment } = props.config;

    this.storage = new SnapshotBucket(this, 'Storage', {
      noncurrentVersionDays: deployment.noncurrentVersionDays,
      existingBucketName: deployment.existingBucketName,
      existingAccessLogBucketName: deployment.existingAccessLogBucketName,
    });
    this.table = new PipelineTable(this, 'Items', { existingTableName: deployment.existingTableName });
    const bucket = this.storage.bucket;
    const table = this.table.table;

    this.handlers = new StepHandlers(this, 'Steps', {
      bucket,
      table,
      config: props.config,
      ...(props.codeVersion ? { codeVersion: props.codeVersion } : {}),
      // The state machine's own timeout (the same function): an execution cannot outlive its lease.
      runLeaseS: executionTimeoutS(FETCH_WAVES),
    });
    this.notifications = new Notifications(this, 'Notifications', { alarmEmail: deployment.alarmEmail });
    this.workflow = new RefreshStateMachine(this, 'Workflow', {
      handlers: this.handlers,
      bucket,
      table,
      published: this.notifications.published,
    });
    const stateMachine = this.workflow.stateMachine;
    this.schedule = new RefreshSchedule(this, 'Refresh', {
      stateMachine,
      expression: deployment.schedule,
      timeZone: deployment.timeZone,
    });
    this.inbox = new InboxTrigger(this, 'Inbox', {
      bucket,
      stateMachine,
      deadLetterQueue: this.schedule.deadLetterQueue,
    });
    this.failureReports = new ExecutionFailures(this, 'ExecutionFailures', {
      stateMachine,
      topic: this.notifications.failures,
      deadLetterQueue: this.schedule.deadLetterQueue,
    });
    this.alarms = new PipelineAlarms(this, 'Alarms', {
      stateMachine,
      deadLetterQueue: this.schedule.deadLetterQueue,
      topic: this.notifications.failures,
    });
    this.reader = new SnapshotReader(this, 'SnapshotReader', { bucket, table });
    this.catalog = new SnapshotCatalog(this, 'Catalog', {
      bucket,
      accessLogs: this.storage.accessLogs,
      bytesScannedLimit: deployment.athenaBytesScannedLimit,
    });
    this.catalog.grantQuery(this.reader.policy);
    this.storage.allowLogDelivery(this.catalog.results, RESULTS_BUCKET_LOG_PREFIX);

    this.addOutputs();
  }

  /** What a person needs after deploying: names, ARNs, the pointer's URL and commands to try. */
  private addOutputs(): void {
    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output('BucketName', this.storage.bucket.bucketName, 'Bucket holding raw/, staging/ and snapshots/');
    output(
      'TableName',
      this.table.table.tableName,
      'Table holding the latest pointer, snapshots, results and run ledger',
    );
    output(
      'AccessLogBucketName',
      this.storage.accessLogs.bucketName,
      'Bucket receiving the server access logs (deployment.existingAccessLogBucketName adopts it on a redeploy)',
    );
    output('StateMachineArn', this.workflow.stateMachine.stateMachineArn, 'The refresh workflow');
    output('PublishedTopicArn', this.notifications.published.topicArn, 'Subscribe to hear of new snapshots');
    output('FailuresTopicArn', this.notifications.failures.topicArn, 'Failed refreshes and alarms');
    output('ReaderPolicyArn', this.reader.policy.managedPolicyArn, 'Attach to read the published snapshots');
    output('ReaderRoleArn', this.reader.role.roleArn, 'Assume (from this account) to read the snapshots');
    output(
      'LatestJsonUrl',
      s3Url(this.storage.bucket.bucketName, KEY.latest),
      'The pointer to the newest snapshot',
    );
    output(
      'StartRunCommand',
      `aws stepfunctions start-execution --state-machine-arn ${this.workflow.stateMachine.stateMachineArn} --input '{"force":true}'`,
      'Starts a forced refresh by hand',
    );
    output('AthenaDatabase', this.catalog.databaseName, 'Glue database: one table per snapshot table');
    output('AthenaWorkGroup', this.catalog.workGroupName, 'Athena workgroup for queries over the snapshots');
    output(
      'AthenaQueryCommand',
      athenaExampleCommand(this.catalog.workGroupName, this.catalog.databaseName),
      'Runs an example query (put a version id from latest.json in place of <version>)',
    );
  }
}
