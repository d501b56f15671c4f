import type { IamRequest } from './iam.ts';
import { ACCOUNT, REGION } from './template.ts';

/**
 * What IAM evaluates for one HTTP request of the AWS SDK: S3 (path-style, as the functions' clients send
 * it to a custom endpoint) and DynamoDB (JSON 1.0, `X-Amz-Target`). Each request may stand for several
 * IAM requests (a copy reads one key and writes another; DeleteObjects deletes each key; a transaction
 * checks each item).
 */

export function s3IamRequests(
  method: string,
  rawUrl: string,
  headers: Record<string, unknown>,
  body: Buffer,
): IamRequest[] {
  const url = new URL(rawUrl, 'http://s3.local');
  const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
  const key = decodeURIComponent(rest.join('/'));
  const q = url.searchParams;
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const object = (k: string) => `${bucketArn}/${k}`;
  if (!key) {
    if (method === 'POST' && q.has('delete')) {
      const keys = [...body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) =>
        xmlText(m[1] as string),
      );
      return keys.map((k) => ({ action: 's3:DeleteObject', resource: object(k), context: {} }));
    }
    if ((method === 'GET' || method === 'HEAD') && q.has('uploads')) {
      return [{ action: 's3:ListBucketMultipartUploads', resource: bucketArn, context: {} }];
    }
    if (method === 'GET' || method === 'HEAD') {
      const prefix = q.get('prefix');
      return [
        {
          action: 's3:ListBucket',
          resource: bucketArn,
          context: prefix === null ? {} : { 's3:prefix': prefix },
        },
      ];
    }
    if (method === 'PUT') return [{ action: 's3:CreateBucket', resource: bucketArn, context: {} }];
    if (method === 'DELETE') return [{ action: 's3:DeleteBucket', resource: bucketArn, context: {} }];
    throw new Error(`unmapped S3 bucket request ${method} ${rawUrl}`);
  }
  if (method === 'GET' || method === 'HEAD')
    return [{ action: 's3:GetObject', resource: object(key), context: {} }];
  if (method === 'DELETE') {
    return [
      {
        action: q.has('uploadId') ? 's3:AbortMultipartUpload' : 's3:DeleteObject',
        resource: object(key),
        context: {},
      },
    ];
  }
  if (method === 'PUT' || method === 'POST') {
    const out: IamRequest[] = [{ action: 's3:PutObject', resource: object(key), context: {} }];
    const copySource = headers['x-amz-copy-source'];
    if (typeof copySource === 'string') {
      const source = decodeURIComponent(copySource.replace(/^\//, '').split('?')[0] as string);
      out.push({ action: 's3:GetObject', resource: `arn:aws:s3:::${source}`, context: {} });
    }
    return out;
  }
  throw new Error(`unmapped S3 object request ${method} ${rawUrl}`);
}

function xmlText(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

type AttributeMap = Record<string, { S?: string }>;

/** The partition key attribute of the table (`pk`) and of each index. */
const HASH_KEYS: Record<string, string> = { '': 'pk', byVersion: 'gsi1pk' };

export function dynamoIamRequests(target: string, body: Buffer): IamRequest[] {
  const op = target.split('.').pop() ?? '';
  const input = JSON.parse(body.toString('utf8') || '{}');
  const tableArn = (name: string, index?: string) =>
    `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}${index ? `/index/${index}` : ''}`;
  const leading = (keys: string[]) => ({ 'dynamodb:LeadingKeys': keys });
  const pkOf = (item: AttributeMap | undefined) => {
    const v = item?.pk?.S;
    if (v === undefined) throw new Error(`DynamoDB ${op}: an item without a string pk`);
    return v;
  };
  switch (op) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
      return [
        {
          action: `dynamodb:${op}`,
          resource: tableArn(input.TableName),
          context: leading([pkOf(input.Key)]),
        },
      ];
    case 'PutItem':
      return [
        {
          action: 'dynamodb:PutItem',
          resource: tableArn(input.TableName),
          context: leading([pkOf(input.Item)]),
        },
      ];
    case 'Query': {
      const index: string = input.IndexName ?? '';
      const hashKey = HASH_KEYS[index];
      if (!hashKey) throw new Error(`DynamoDB Query on an unknown index ${index}`);
      const names: Record<string, string> = input.ExpressionAttributeNames ?? {};
      const values: AttributeMap = input.ExpressionAttributeValues ?? {};
      let value: string | undefined;
      for (const m of String(input.KeyConditionExpression ?? '').matchAll(/(#?[\w]+)\s*=\s*(:[\w]+)/g)) {
        const name = names[m[1] as string] ?? m[1];
        if (name === hashKey) value = values[m[2] as string]?.S;
      }
      if (value === undefined)
        throw new Error(`DynamoDB Query without an equality on ${hashKey}: ${input.KeyConditionExpression}`);
      return [
        {
          action: 'dynamodb:Query',
          resource: tableArn(input.TableName, index || undefined),
          context: leading([value]),
        },
      ];
    }
    case 'BatchWriteItem':
    case 'BatchGetItem':
      return Object.entries(input.RequestItems as Record<string, unknown>).map(([table, requests]) => {
        const items =
          op === 'BatchGetItem'
            ? ((requests as { Keys: AttributeMap[] }).Keys ?? [])
            : (
                requests as { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } }[]
              ).map((r) => r.PutRequest?.Item ?? r.DeleteRequest?.Key);
        return {
          action: `dynamodb:${op}`,
          resource: tableArn(table),
          context: leading([...new Set(items.map(pkOf))]),
        };
      });
    case 'TransactWriteItems':
      return (
        input.TransactItems as Record<
          string,
          { TableName: string; Item?: AttributeMap; Key?: AttributeMap }
        >[]
      ).map((t) => {
        const [kind, item] = Object.entries(t)[0] as [
          string,
          { TableName: string; Item?: AttributeMap; Key?: AttributeMap },
        ];
        const action = {
          Put: 'PutItem',
          Update: 'UpdateItem',
          Delete: 'DeleteItem',
          ConditionCheck: 'ConditionCheckItem',
        }[kind];
        if (!action) throw new Error(`DynamoDB TransactWriteItems: unknown ${kind}`);
        return {
          action: `dynamodb:${action}`,
          resource: tableArn(item.TableName),
          context: leading([pkOf(item.Item ?? item.Key)]),
        };
      });
    default:
      return [{ action: `dynamodb:${op}`, resource: tableArn(input.TableName ?? '*'), context: {} }];
  }
}
