import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The synthesized template read as AWS would deploy it into one account, with the physical names chosen
 * here: the bucket and table are the local servers' (s3rver, DynamoDB Local), everything else gets a fake
 * ARN built from its logical id.
 */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Resource {
  Type: string;
  Properties?: Record<string, Json>;
  Metadata?: Record<string, Json>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: Record<string, unknown>[];
}

export interface DeployedFunction {
  logicalId: string;
  /** The folder of the bundled function (`asset.<hash>` in the assembly): index.mjs and its files. */
  assetDir: string;
  handler: string;
  timeoutS: number;
  environment: Record<string, string>;
  roleName: string;
  /** Every identity policy of the function's role: inline, attached customer-managed. */
  policies: { name: string; policy: PolicyDocument }[];
}

export interface Deployed {
  template: { Resources: Record<string, Resource> };
  bucketName: string;
  tableName: string;
  bucketPolicy: PolicyDocument | undefined;
  functions: Map<string, DeployedFunction>;
  /** Function ARN → function, as the state machine's Task states name them. */
  functionsByArn: Map<string, DeployedFunction>;
  stateMachine: {
    definition: Record<string, unknown>;
    roleName: string;
    policies: DeployedFunction['policies'];
  };
  /** Physical value of a resolved `Ref` / `Fn::GetAtt`. */
  resolve(node: unknown): unknown;
}

export function loadDeployed(assemblyDir: string, names: { bucket: string; table: string }): Deployed {
  const stackFile = JSON.parse(readFileSync(join(assemblyDir, 'manifest.json'), 'utf8'));
  const stack = Object.values(
    stackFile.artifacts as Record<string, { type: string; properties?: { templateFile?: string } }>,
  ).find((a) => a.type === 'aws:cloudformation:stack');
  if (!stack?.properties?.templateFile) throw new Error(`no stack in ${assemblyDir}/manifest.json`);
  const template = JSON.parse(readFileSync(join(assemblyDir, stack.properties.templateFile), 'utf8'));
  const resources: Record<string, Resource> = template.Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  // The snapshot bucket: versioned and with access logs (the log bucket has no logs, Athena's results bucket
  // no versions).
  const buckets = ofType('AWS::S3::Bucket').filter(
    ([, r]) =>
      r.Properties?.LoggingConfiguration !== undefined &&
      (r.Properties?.VersioningConfiguration as { Status?: string } | undefined)?.Status === 'Enabled',
  );
  if (buckets.length !== 1)
    throw new Error(`expected one snapshot bucket (versioned, with access logs), found ${buckets.length}`);
  const bucketId = buckets[0]?.[0] as string;
  const tables = ofType('AWS::DynamoDB::Table');
  if (tables.length !== 1) throw new Error(`expected one table, found ${tables.length}`);
  const tableId = tables[0]?.[0] as string;

  const ref = (id: string): string => {
    if (id === 'AWS::Partition') return 'aws';
    if (id === 'AWS::Region') return REGION;
    if (id === 'AWS::AccountId') return ACCOUNT;
    if (id === 'AWS::URLSuffix') return 'amazonaws.com';
    if (id === 'AWS::StackName') return 'EuClusterPipeline';
    if (id === bucketId) return names.bucket;
    if (id === tableId) return names.table;
    const r = resources[id];
    if (!r) throw new Error(`Ref to unknown ${id}`);
    switch (r.Type) {
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${REGION}:${ACCOUNT}:${id}`;
      case 'AWS::StepFunctions::StateMachine':
        return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${id}`;
      case 'AWS::IAM::ManagedPolicy':
        return `arn:aws:iam::${ACCOUNT}:policy/${id}`;
      case 'AWS::SQS::Queue':
        return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${id}`;
      case 'AWS::Logs::LogGroup':
        return `/aws/lambda/${id}`;
      default:
        return id;
    }
  };
  const getAtt = (id: string, attr: string): string => {
    const r = resources[id];
    if (!r) throw new Error(`GetAtt of unknown ${id}`);
    const key = `${r.Type}.${attr}`;
    switch (key) {
      case 'AWS::S3::Bucket.Arn':
        return `arn:aws:s3:::${ref(id)}`;
      case 'AWS::DynamoDB::Table.Arn':
        return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${ref(id)}`;
      case 'AWS::Lambda::Function.Arn':
        return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${id}`;
      case 'AWS::IAM::Role.Arn':
        return `arn:aws:iam::${ACCOUNT}:role/${id}`;
      case 'AWS::Logs::LogGroup.Arn':
        return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${ref(id)}:*`;
      case 'AWS::SQS::Queue.Arn':
        return `arn:aws:sqs:${REGION}:${ACCOUNT}:${id}`;
      case 'AWS::SQS::Queue.QueueName':
        return id;
      case 'AWS::SNS::Topic.TopicName':
        return id;
      default:
        throw new Error(`GetAtt ${key} is not modelled`);
    }
  };
  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve);
    if (node === null || typeof node !== 'object') return node;
    const o = node as Record<string, unknown>;
    if (typeof o.Ref === 'string') return ref(o.Ref);
    if (Array.isArray(o['Fn::GetAtt'])) {
      const [id, attr] = o['Fn::GetAtt'] as [string, string];
      return getAtt(id, attr);
    }
    if (Array.isArray(o['Fn::Join'])) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => String(resolve(p))).join(sep);
    }
    if (o['Fn::Sub'] !== undefined) {
      const text = String(Array.isArray(o['Fn::Sub']) ? o['Fn::Sub'][0] : o['Fn::Sub']);
      return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
        const [id, attr] = name.split('.');
        return attr ? getAtt(id as string, attr) : ref(id as string);
      });
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolve(v)]));
  };

  const rolePolicies = (roleId: string) => {
    const role = resources[roleId];
    if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role`);
    const out: DeployedFunction['policies'] = [];
    for (const p of (role.Properties?.Policies as { PolicyName: string; PolicyDocument: Json }[]) ?? []) {
      out.push({ name: p.PolicyName, policy: resolve(p.PolicyDocument) as PolicyDocument });
    }
    for (const [id, p] of ofType('AWS::IAM::Policy')) {
      const roles = JSON.stringify(p.Properties?.Roles ?? []);
      if (roles.includes(`"${roleId}"`))
        out.push({ name: id, policy: resolve(p.Properties?.PolicyDocument) as PolicyDocument });
    }
    for (const arn of (role.Properties?.ManagedPolicyArns as Json[]) ?? []) {
      const managed = Object.entries(resources).find(
        ([id, r]) =>
          r.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(arn) === JSON.stringify({ Ref: id }),
      );
      // An AWS managed policy cannot be evaluated here (its text is not in the template): say so.
      if (!managed)
        throw new Error(`role ${roleId} has a managed policy not in the template: ${JSON.stringify(arn)}`);
      out.push({
        name: managed[0],
        policy: resolve(managed[1].Properties?.PolicyDocument) as PolicyDocument,
      });
    }
    return out;
  };

  const functions = new Map<string, DeployedFunction>();
  const functionsByArn = new Map<string, DeployedFunction>();
  for (const [id, r] of ofType('AWS::Lambda::Function')) {
    const p = r.Properties ?? {};
    const assetPath = r.Metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string') throw new Error(`${id} has no bundled asset`);
    const roleId = (p.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const variables = resolve((p.Environment as { Variables?: Json })?.Variables ?? {}) as Record<
      string,
      unknown
    >;
    const fn: DeployedFunction = {
      logicalId: id,
      assetDir: join(assemblyDir, assetPath),
      handler: String(p.Handler),
      timeoutS: Number(p.Timeout ?? 3),
      environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
      roleName: roleId,
      policies: rolePolicies(roleId),
    };
    functions.set(id, fn);
    functionsByArn.set(getAtt(id, 'Arn'), fn);
  }

  const policy = ofType('AWS::S3::BucketPolicy').find(
    ([, r]) => JSON.stringify(r.Properties?.Bucket) === JSON.stringify({ Ref: bucketId }),
  );
  const machines = ofType('AWS::StepFunctions::StateMachine');
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  const machine = machines[0]?.[1].Properties ?? {};
  const definition = JSON.parse(String(resolve(machine.DefinitionString)));
  const machineRole = (machine.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return {
    template,
    bucketName: names.bucket,
    tableName: names.table,
    bucketPolicy: policy ? (resolve(policy[1].Properties?.PolicyDocument) as PolicyDocument) : undefined,
    functions,
    functionsByArn,
    stateMachine: { definition, roleName: machineRole, policies: rolePolicies(machineRole) },
    resolve,
  };
}
