import { runSimulation } from '@cloud-copilot/iam-simulate';
import { ACCOUNT, type PolicyDocument } from './template.ts';

/** One request as IAM sees it: who, which action on which resource, with which condition keys. */
export interface IamRequest {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
}

export interface Principal {
  /** The role's name (its logical id here). */
  roleName: string;
  policies: { name: string; policy: PolicyDocument }[];
}

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/**
 * Evaluates a request with @cloud-copilot/iam-simulate against the principal's identity policies and the
 * resource's policy (the bucket policy for S3), as a request over TLS from the role's session in this
 * account. A simulation that cannot run (an unknown action, a malformed policy) throws.
 */
export async function decide(
  principal: Principal,
  request: IamRequest,
  resourcePolicy?: PolicyDocument,
): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${principal.roleName}/session`,
        action: request.action,
        resource: { resource: request.resource, accountId: ACCOUNT },
        contextVariables: {
          'aws:SecureTransport': 'true',
          'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/${principal.roleName}`,
          'aws:PrincipalAccount': ACCOUNT,
          ...request.context,
        },
      },
      identityPolicies: principal.policies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
    },
    {},
  );
  if (result.resultType === 'error') {
    throw new Error(
      `IAM simulation of ${request.action} on ${request.resource} failed: ${result.errors.message}`,
    );
  }
  if (result.resultType !== 'single') throw new Error(`unexpected simulation result ${result.resultType}`);
  return result.result.analysis.result as Decision;
}
