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

  it('verifies the sender address with SES when there is no domain', () => {
    messaging.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'orders@example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    messaging.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'gomart-dev-mail',
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('verifies the whole domain with DKIM records when the sender is in the hosted zone', () => {
    const template = prod.template(prod.messaging);
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'example.com' });
    template.resourceCountIs('AWS::Route53::RecordSet', 3);
  });
});
