import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The pipeline's one DynamoDB table: a client and the table's name. */
export interface Table {
  ddb: DynamoDBDocumentClient;
  name: string;
}
