import { Match, type Template } from 'aws-cdk-lib/assertions';
import { eventConsumers } from '../lib/services';
import { type Estate, prodWithDomain, resourcesOfType, synthesize } from './estate';

describe('messaging', () => {
  let dev: Estate;
  let prod: Estate;
  let messaging: Template;
  beforeAll(() => {
    dev = synthesize({ env: 'dev' });
    prod = synthesize({ ...prodWithDomain });
    messaging = dev.template(dev.messaging);
  });

  it('publishes order events on an encrypted, TLS-only topic', () => {
    messaging.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'gomart-dev-order-events',
      KmsMasterKeyId: Match.anyValue(),
    });
    messaging.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    messaging.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });

  it.each(eventConsumers.map((consumer) => [consumer]))(
    'gives %s its own queue, subscribed raw, redriving to a dead-letter queue',
    (consumer) => {
      const json = dev.json(dev.messaging);
      const [[dlqId]] = resourcesOfType(json, 'AWS::SQS::Queue').filter(
        ([, queue]) => queue.Properties?.QueueName === `gomart-dev-order-events-${consumer}-dlq`,
      ) as [[string, unknown]];
      messaging.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `gomart-dev-order-events-${consumer}`,
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      });
      messaging.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `gomart-dev-order-events-${consumer}-dlq`,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      const [[queueId]] = resourcesOfType(json, 'AWS::SQS::Queue').filter(
        ([, queue]) => queue.Properties?.QueueName === `gomart-dev-order-events-${consumer}`,
      ) as [[string, unknown]];
      messaging.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'sqs',
        RawMessageDelivery: true,
        Endpoint: { 'Fn::GetAtt': [queueId, 'Arn'] },
      });
    },
  );

  it('verifies the sender address with SES by default, through a configuration set', () => {
    messaging.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'orders@example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    messaging.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'gomart-dev-mail',
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
  });

  it('publishes bounces and complaints to an encrypted topic SES alone may publish to', () => {
    messaging.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        SnsDestination: { TopicARN: Match.anyValue() },
      }),
    });
    messaging.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint', 'send']),
        CloudWatchDestination: Match.anyValue(),
      }),
    });
    messaging.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'gomart-dev-mail-feedback',
      KmsMasterKeyId: Match.anyValue(),
    });
    messaging.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': Match.anyValue() } }),
          }),
        ]),
      }),
    });
  });

  it('verifies a domain identity with its DKIM records in the hosted zone', () => {
    const template = prod.template(prod.messaging);
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'shop.example.com' });
    template.resourceCountIs('AWS::Route53::RecordSet', 3);
    template.allResourcesProperties('AWS::Route53::RecordSet', { Type: 'CNAME', HostedZoneId: 'Z0000000000EXAMPLE' });
  });

  it('prints the DKIM records of a domain outside the hosted zone, and references an identity verified already', () => {
    const outside = synthesize({
      env: 'dev',
      mailFrom: 'orders@mail.other.example',
      sesIdentity: 'mail.other.example',
    });
    const outputs = Object.keys(outside.json(outside.messaging).Outputs ?? {});
    expect(outputs.filter((name) => name.startsWith('MailDkimRecord'))).toHaveLength(3);
    outside.template(outside.messaging).resourceCountIs('AWS::Route53::RecordSet', 0);

    const existing = synthesize({ env: 'dev', sesIdentityExisting: 'true' });
    existing.template(existing.messaging).resourceCountIs('AWS::SES::EmailIdentity', 0);
    const policies = JSON.stringify(existing.json(existing.services).Resources);
    expect(policies).toContain(':identity/orders@example.com');
  });

  it('rejects an identity that cannot send as the sender', () => {
    expect(() => synthesize({ env: 'dev', sesIdentity: 'other.example.org' })).toThrow(/is not an address of/);
    expect(() => synthesize({ env: 'dev', sesIdentity: 'noreply@example.com' })).toThrow(/must be mailFrom/);
  });
});
