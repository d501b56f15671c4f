import { describe, expect, it } from 'vitest';
import { buildStack, logicalId } from './support.ts';

/**
 * The assembly: which construct the stack hands to which. Each construct's own behaviour is specified alone
 * (storage, catalog, inbox, operations tests); here only what the stack decides when it puts them together.
 */
const { stack, template } = buildStack();
const machineId = logicalId(stack.workflow.stateMachine);
const deadLettersId = logicalId(stack.schedule.deadLetterQueue);
const failuresId = logicalId(stack.notifications.failures);

describe('EuClusterStack schedule', () => {
  it('starts the refresh state machine, handing what it cannot start to the shared dead-letter queue', () => {
    const schedule = Object.values(template.findResources('AWS::Scheduler::Schedule'))[0]?.Properties;
    expect(schedule?.Target).toMatchObject({
      Arn: { Ref: machineId },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] } },
    });
  });
});

describe('EuClusterStack alarms', () => {
  const alarm = (id: string) => template.findResources('AWS::CloudWatch::Alarm')[id]?.Properties;

  it.each(['executionsFailed', 'executionsTimedOut', 'executionsAborted'] as const)(
    'count %s executions of the refresh state machine',
    (key) => {
      expect(alarm(logicalId(stack.alarms[key]))?.Dimensions).toEqual([
        { Name: 'StateMachineArn', Value: { Ref: machineId } },
      ]);
    },
  );

  it('watch the dead-letter queue the schedule and the inbox share, and notify the failures topic', () => {
    const inboxRule = template.findResources('AWS::Events::Rule')[logicalId(stack.inbox.rule)]?.Properties;
    expect(inboxRule?.Targets[0].DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] } });
    expect(alarm(logicalId(stack.alarms.scheduleDeadLetters))).toMatchObject({
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLettersId, 'QueueName'] } }],
      AlarmActions: [{ Ref: failuresId }],
    });
  });
});

describe('EuClusterStack inbox', () => {
  it('has the snapshot bucket send its events to EventBridge, without a custom-resource function', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    template.resourceCountIs('AWS::Lambda::Function', 5);
  });

  it('starts the refresh state machine from the inbox pipe only (no rule starts it directly)', () => {
    const pipes = Object.values(template.findResources('AWS::Pipes::Pipe'));
    expect(pipes.map((p) => p.Properties.Target)).toEqual([{ Ref: machineId }]);
    const ruleTargets = Object.values(template.findResources('AWS::Events::Rule')).flatMap(
      (r) => r.Properties.Targets,
    );
    expect(ruleTargets.map((t) => t.Arn)).not.toContainEqual({ Ref: machineId });
  });
});

describe('EuClusterStack catalog', () => {
  const bucketId = logicalId(stack.storage.bucket);

  it('points every Glue table at the snapshot bucket', () => {
    const locations = Object.values(template.findResources('AWS::Glue::Table')).map(
      (t) => t.Properties.TableInput.Parameters['storage.location.template']['Fn::Join'][1][1],
    );
    expect(locations.length).toBeGreaterThan(0);
    expect(locations).toEqual(locations.map(() => ({ Ref: bucketId })));
  });

  it('logs the results bucket to the snapshot bucket’s access-log bucket', () => {
    const results = template.findResources('AWS::S3::Bucket')[logicalId(stack.catalog.results)];
    expect(results?.Properties.LoggingConfiguration.DestinationBucketName).toEqual({
      Ref: logicalId(stack.storage.accessLogs),
    });
  });
});
