import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { Bucket } from '../../lib/aws/bucket.ts';
import { awsClients } from '../../lib/aws/clients.ts';
import { BY_VERSION_INDEX } from '../../lib/aws/tableItems.ts';

/** s3rver only accepts these credentials; DynamoDB Local accepts any. */
export const LOCAL_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'us-east-1',
};

export function localEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...LOCAL_CREDENTIALS,
    S3_ENDPOINT: inject('s3Endpoint'),
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    ...extra,
  };
}

/** The adapters' own clients, pointed at the local servers. */
export function localClients(): { s3: S3Client; ddb: DynamoDBDocumentClient } {
  Object.assign(process.env, LOCAL_CREDENTIALS);
  return awsClients(localEnv());
}

/** A fresh bucket and a fresh table with the deployed table's keys and index, for one test. */
export async function freshStorage(): Promise<{
  bucket: Bucket;
  ddb: DynamoDBDocumentClient;
  table: string;
}> {
  const { s3, ddb } = localClients();
  const id = randomUUID().slice(0, 8);
  const name = `snapshots-${id}`;
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  const table = `pipeline-${id}`;
  const raw = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1' });
  await raw.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: BY_VERSION_INDEX,
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  raw.destroy();
  return { bucket: new Bucket(s3, name), ddb, table };
}
