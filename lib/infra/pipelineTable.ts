import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { BY_VERSION_INDEX } from '../aws/tableItems.ts';

/** Name of the attribute DynamoDB's TTL reads (epoch seconds); set on run-ledger items. */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The one table: the `latest` pointer, one item per snapshot version, the results keyed for consumers' reads,
 * the run ledger and the per-source state (single-table design over `pk`/`sk`), plus the `byVersion` index.
 */
export interface PipelineTableProps {
  /**
   * Name of a table an earlier deployment left behind (`deployment.existingTableName`): adopted as it is
   * (keys, index, TTL and point-in-time recovery were set by that deployment), every version kept.
   */
  readonly existingTableName?: string | undefined;
}

export class PipelineTable extends Construct {
  readonly table: dynamodb.ITable;
  /** True when the table is an earlier deployment's, adopted by name. */
  readonly adopted: boolean;

  constructor(scope: Construct, id: string, props: PipelineTableProps = {}) {
    super(scope, id);
    this.adopted = props.existingTableName !== undefined;
    if (props.existingTableName !== undefined) {
      // The index is named so that grants cover it (`table/<name>/index/byVersion`).
      this.table = dynamodb.Table.fromTableAttributes(this, 'Table', {
        tableName: props.existingTableName,
        globalIndexes: [BY_VERSION_INDEX],
      });
      return;
    }
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    table.addGlobalSecondaryIndex({
      indexName: BY_VERSION_INDEX,
      partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    this.table = table;
  }
}
