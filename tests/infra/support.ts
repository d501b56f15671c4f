import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { IConstruct } from 'constructs';
import { type Configuration, parseConfig } from '../../lib/config/configuration.ts';
import { EuClusterStack } from '../../lib/infra/euClusterStack.ts';

export const ROOT = join(import.meta.dirname, '..', '..');

/** The context of cdk.json (feature flags included), so the tests see the template `npm run synth` makes. */
export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(join(ROOT, 'cdk.json'), 'utf8'),
).context;

export const SAMPLE_DOCUMENT: Record<string, unknown> = JSON.parse(
  readFileSync(join(ROOT, 'data', 'sample', 'pipeline.config.json'), 'utf8'),
);

/** A validated configuration: the bundled sample with its `deployment` block replaced. */
export function sampleConfig(deployment: Record<string, unknown> = {}): Configuration {
  return parseConfig({ ...SAMPLE_DOCUMENT, deployment }, 'test configuration');
}

/** An App like bin/app.ts makes, minus bundling (no esbuild run) and minus the nag plugins. */
export function testApp(): App {
  return new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
}

export function buildStack(config: Configuration = sampleConfig()): {
  stack: EuClusterStack;
  template: Template;
} {
  const stack = new EuClusterStack(testApp(), 'EuClusterPipeline', { config });
  return { stack, template: Template.fromStack(stack) };
}

/**
 * A bare stack holding only what `build` puts in it (a construct under test and the plain buckets, tables or
 * queues it is handed), and its template: a construct's own specification needs no whole `EuClusterStack`
 * (its five functions, state machine and nag checks); keep `buildStack` for what the assembly decides. The stack
 * is named like the deployed one, so names derived from it (the Glue database, the workgroup) are the same.
 */
export function constructStack<T extends object>(
  build: (stack: Stack) => T,
  stackName = 'EuClusterPipeline',
): T & { stack: Stack; template: Template } {
  const stack = new Stack(testApp(), stackName);
  const built = build(stack);
  return { ...built, stack, template: Template.fromStack(stack) };
}

/** A one-state machine, for constructs that only start, watch or alarm on the workflow. */
export function plainStateMachine(stack: Stack, id = 'Machine'): sfn.StateMachine {
  return new sfn.StateMachine(stack, id, {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, `${id}Pass`)),
  });
}

export function logicalId(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return element.stack.getLogicalId(element);
}

/** One allowed or denied (action, resource, condition) triple of an IAM policy, as comparable text. */
export type Grant = string;

function grants(statement: Record<string, unknown>): Grant[] {
  const list = (v: unknown) => (Array.isArray(v) ? v : [v]);
  const condition = statement.Condition === undefined ? '' : ` if ${JSON.stringify(statement.Condition)}`;
  return list(statement.Action).flatMap((action) =>
    list(statement.Resource).map(
      (resource) => `${statement.Effect} ${action} on ${JSON.stringify(resource)}${condition}`,
    ),
  );
}

/** Every grant of the inline and attached customer policies of a role, independent of statement grouping. */
export function roleGrants(template: Template, roleLogicalId: string): Grant[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleLogicalId}"`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap(grants))
    .sort();
}

export function managedPolicyGrants(template: Template, policyLogicalId: string): Grant[] {
  const policy = template.findResources('AWS::IAM::ManagedPolicy')[policyLogicalId];
  if (!policy) throw new Error(`no managed policy ${policyLogicalId}`);
  return policy.Properties.PolicyDocument.Statement.flatMap(grants).sort();
}

/** The grants an expected statement stands for, with tokens resolved the way the template has them. */
export function expectedGrants(
  stack: Stack,
  statements: { actions: string[]; resources: unknown[]; conditions?: unknown; effect?: string }[],
): Grant[] {
  return statements
    .flatMap((s) =>
      grants({
        Effect: s.effect ?? 'Allow',
        Action: s.actions,
        Resource: s.resources.map((r) => stack.resolve(r)),
        Condition: s.conditions === undefined ? undefined : stack.resolve(s.conditions),
      }),
    )
    .sort();
}

/**
 * The state machine's definition as an object. Tokens inside the `Fn::Join` become `{{Ref:Id}}` and
 * `{{GetAtt:Id.Attr}}` strings.
 */
export function stateMachineDefinition(template: Template): StateMachineDefinition {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  const body = machines[0]?.Properties.DefinitionString;
  const parts: unknown[] = typeof body === 'string' ? [body] : body['Fn::Join'][1];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const fn = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      if (fn.Ref) return `{{Ref:${fn.Ref}}}`;
      if (fn['Fn::GetAtt']) return `{{GetAtt:${fn['Fn::GetAtt'].join('.')}}}`;
      throw new Error(`unexpected token in the definition: ${JSON.stringify(part)}`);
    })
    .join('');
  return JSON.parse(text);
}

export interface StateDefinition {
  Type: string;
  Next?: string;
  End?: boolean;
  TimeoutSeconds?: number;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  ItemSelector?: Record<string, unknown>;
  ItemsPath?: string;
  ItemProcessor?: StateMachineDefinition;
  Branches?: StateMachineDefinition[];
  MaxConcurrency?: number;
  ResultPath?: string | null;
  OutputPath?: string;
  Retry?: {
    ErrorEquals: string[];
    IntervalSeconds: number;
    MaxAttempts: number;
    BackoffRate: number;
    JitterStrategy?: string;
  }[];
  Catch?: { ErrorEquals: string[]; ResultPath?: string; Next: string }[];
  Choices?: { Variable: string; StringEquals?: string; Next: string }[];
  Default?: string;
  Error?: string;
  Cause?: string;
  ErrorPath?: string;
  CausePath?: string;
}

export interface StateMachineDefinition {
  StartAt: string;
  States: Record<string, StateDefinition>;
}

/** Every state of the definition, nested ones (Parallel branches, Map processors) included. */
export function allStates(definition: StateMachineDefinition): Map<string, StateDefinition> {
  const states = new Map<string, StateDefinition>();
  const visit = (d: StateMachineDefinition) => {
    for (const [name, state] of Object.entries(d.States)) {
      states.set(name, state);
      for (const branch of state.Branches ?? []) visit(branch);
      if (state.ItemProcessor) visit(state.ItemProcessor);
    }
  };
  visit(definition);
  return states;
}

export function state(states: Map<string, StateDefinition>, name: string): StateDefinition {
  const found = states.get(name);
  if (!found) throw new Error(`no state "${name}" (states: ${[...states.keys()].join(', ')})`);
  return found;
}
