import { Annotations, ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

/** The one line synth prints when no one would hear of a failure. */
export const NO_ALARM_EMAIL_WARNING =
  'No deployment.alarmEmail: failed runs and alarms go to the failures topic, which has no subscriber; set ' +
  'deployment.alarmEmail (then confirm the subscription e-mail) or subscribe to the FailuresTopicArn output.';

export interface NotificationsProps {
  /** Address subscribed to the failures topic (`deployment.alarmEmail`); none when absent. */
  readonly alarmEmail?: string | undefined;
}

/**
 * Two topics: `published` names each new snapshot version for downstream consumers; `failures` receives the
 * workflow's failure reports and the alarms, with an e-mail subscription when an address is configured.
 *
 * Publishing requires TLS. No KMS key: the messages carry only public metadata (snapshot version, object keys,
 * error names and causes of a public statistics pipeline); SSE with the AWS-managed SNS key would stop
 * CloudWatch alarms from publishing, and a customer-managed key costs money and administration without
 * protecting anything confidential.
 */
export class Notifications extends Construct {
  readonly published: sns.Topic;
  readonly failures: sns.Topic;

  constructor(scope: Construct, id: string, props: NotificationsProps = {}) {
    super(scope, id);
    this.published = new sns.Topic(this, 'Published', {
      displayName: 'EU cluster statistics: snapshot published',
      enforceSSL: true,
    });
    this.failures = new sns.Topic(this, 'Failures', {
      displayName: 'EU cluster statistics: pipeline failures',
      enforceSSL: true,
    });
    // The topic policy (created for enforceSSL) replaces SNS's default one, so CloudWatch alarms of this
    // account get an explicit grant to publish.
    const stack = Stack.of(this);
    this.failures.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.failures.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );

    if (!props.alarmEmail) {
      // Synth still succeeds (a topic with no subscriber is valid), but a failure would reach no one.
      Annotations.of(this).addWarningV2('eucluster:noAlarmEmail', NO_ALARM_EMAIL_WARNING);
    } else {
      const subscription = new sns.Subscription(this, 'AlarmEmail', {
        topic: this.failures,
        protocol: sns.SubscriptionProtocol.EMAIL,
        endpoint: props.alarmEmail,
      });
      acknowledge(subscription, {
        'Serverless-SNSRedrivePolicy':
          'An e-mail to a person; an undeliverable message has no consumer to redrive to. Every failure is ' +
          'also recorded in the table (RUN#<execution>/FAILED) and visible in the Step Functions console.',
      });
    }
  }
}
