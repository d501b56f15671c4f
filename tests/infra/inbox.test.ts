import { describe, expect, it } from 'vitest';
import { buildStack, logicalId } from './support.ts';

const { stack, template } = buildStack();

describe('InboxTrigger', () => {
  it('has the snapshot bucket send its events to EventBridge, without a custom-resource function', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    template.resourceCountIs('AWS::Lambda::Function', 5);
  });

  it('matches objects created under inbox/ in the snapshot bucket only', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: {
          bucket: { name: [{ Ref: logicalId(stack.storage.bucket) }] },
          object: { key: [{ prefix: 'inbox/' }] },
        },
      },
    });
  });

  it('starts the state machine with {"force": false}, retrying and dead-lettering like the schedule', () => {
    const rules = template.findResources('AWS::Events::Rule');
    const targets = Object.values(rules).flatMap((r) => r.Properties.Targets);
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({
      Arn: { Ref: logicalId(stack.workflow.stateMachine) },
      Input: JSON.stringify({ force: false }),
      RetryPolicy: { MaximumRetryAttempts: 3 },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack.schedule.deadLetterQueue), 'Arn'] } },
    });
  });
});
