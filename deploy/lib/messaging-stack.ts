import { Stack, type StackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import type { GoMartConfig } from './config';
import { Mail } from './constructs/mail';
import { OrderEvents } from './constructs/order-events';
import { eventConsumers } from './services';

export interface MessagingStackProps extends StackProps {
  readonly config: GoMartConfig;
}

/** The order-events topic with a queue (and dead-letter queue) per consumer, and the SES identity. */
export class MessagingStack extends Stack {
  readonly events: OrderEvents;
  readonly mail: Mail;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.events = new OrderEvents(this, 'OrderEvents', {
      namePrefix: `${config.prefix}-`,
      consumers: eventConsumers,
      removalPolicy: config.profile.dataRemovalPolicy,
    });

    const { domain } = config;
    this.mail = new Mail(this, 'Mail', {
      identity: config.sesIdentity,
      configurationSetName: `${config.prefix}-mail`,
      feedbackTopicName: `${config.prefix}-mail-feedback`,
      hostedZone: domain
        ? route53.PublicHostedZone.fromPublicHostedZoneAttributes(this, 'Zone', {
            hostedZoneId: domain.hostedZoneId,
            zoneName: domain.hostedZoneName,
          })
        : undefined,
      removalPolicy: config.profile.dataRemovalPolicy,
    });
  }
}
