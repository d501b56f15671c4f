import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * SDK clients from the environment. `S3_ENDPOINT` / `DYNAMODB_ENDPOINT` point them at other servers
 * (s3rver, DynamoDB Local in the tests); unset, they talk to AWS in the function's region.
 */
export interface AwsClients {
  s3: S3Client;
  ddb: DynamoDBDocumentClient;
}

export function awsClients(env: NodeJS.ProcessEnv = process.env): AwsClients {
  const s3Endpoint = env.S3_ENDPOINT;
  const s3 = new S3Client({
    ...(s3Endpoint ? { endpoint: s3Endpoint, forcePathStyle: true } : {}),
    // Checksums only where S3 requires them: other servers store aws-chunked stream framing otherwise.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const ddbEndpoint = env.DYNAMODB_ENDPOINT;
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient(ddbEndpoint ? { endpoint: ddbEndpoint } : {}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { s3, ddb };
}

/** A required environment variable, or an error that names it. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
