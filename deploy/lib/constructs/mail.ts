import { Arn, CfnOutput, Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The identity order mail is sent from: a whole domain (DKIM) or one address. */
export interface MailIdentity {
  readonly name: string;
  readonly kind: 'domain' | 'address';
  /** Verified already (console, another stack): referenced by name, not created. */
  readonly existing: boolean;
}

export interface MailProps {
  readonly identity: MailIdentity;
  readonly configurationSetName: string;
  /** `<prefix>-mail-feedback`: the topic bounces and complaints are published to. */
  readonly feedbackTopicName: string;
  /** A zone the domain identity lies in: its three DKIM records are written there; otherwise they are outputs. */
  readonly hostedZone?: route53.IPublicHostedZone;
  readonly removalPolicy: RemovalPolicy;
}

/** Sending events published to the feedback topic (and counted in CloudWatch per configuration set). */
export const FEEDBACK_EVENTS = [
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.DELIVERY_DELAY,
] as const;

/**
 * The SES identity order mail is sent from, with a configuration set that tracks reputation,
 * suppresses bounced and complaining addresses, and publishes bounces, complaints, rejects and
 * delays to an encrypted topic and to CloudWatch. A new account is in the SES sandbox (mail only
 * to verified addresses): request production access before mailing customers (README).
 */
export class Mail extends Construct {
  readonly identityArn: string;
  readonly configurationSet: ses.ConfigurationSet;
  readonly feedbackTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.identityArn = this.createIdentity(props);
    this.feedbackTopic = this.createFeedbackTopic(props);
    this.configurationSet.addEventDestination('Feedback', {
      destination: ses.EventDestination.snsTopic(this.feedbackTopic),
      events: [...FEEDBACK_EVENTS],
    });
    this.configurationSet.addEventDestination('Counts', {
      destination: ses.EventDestination.cloudWatchDimensions([
        {
          name: 'ses:configuration-set',
          source: ses.CloudWatchDimensionSource.MESSAGE_TAG,
          defaultValue: props.configurationSetName,
        },
      ]),
      events: [...FEEDBACK_EVENTS, ses.EmailSendingEvent.SEND, ses.EmailSendingEvent.DELIVERY],
    });
    new CfnOutput(stack, 'MailFeedbackTopic', { value: this.feedbackTopic.topicArn });
  }

  /** Lets a principal send from this identity through the configuration set, nothing else. */
  grantSend(grantee: iam.IGrantable): iam.Grant {
    const configurationSetArn = Arn.format(
      { service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName },
      Stack.of(this),
    );
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resourceArns: [this.identityArn, configurationSetArn],
    });
  }

  private createIdentity(props: MailProps): string {
    const { identity } = props;
    const stack = Stack.of(this);
    if (identity.existing) {
      return Arn.format({ service: 'ses', resource: 'identity', resourceName: identity.name }, stack);
    }
    const created = new ses.EmailIdentity(this, 'Identity', {
      identity: identity.kind === 'domain' ? ses.Identity.domain(identity.name) : ses.Identity.email(identity.name),
      configurationSet: this.configurationSet,
    });
    if (identity.kind === 'domain') this.publishDkim(created, identity.name, props.hostedZone);
    return created.emailIdentityArn;
  }

  /** Easy DKIM: three CNAME records, in the zone when the domain is in it, else outputs to copy. */
  private publishDkim(identity: ses.EmailIdentity, domain: string, zone?: route53.IPublicHostedZone): void {
    const inZone = zone && (domain === zone.zoneName || domain.endsWith(`.${zone.zoneName}`));
    identity.dkimRecords.forEach((record, index) => {
      if (inZone) {
        new route53.CnameRecord(this, `Dkim${index + 1}`, {
          zone,
          recordName: record.name,
          domainName: record.value,
          ttl: Duration.hours(1),
        });
      } else {
        new CfnOutput(Stack.of(this), `MailDkimRecord${index + 1}`, {
          description: `Add to the DNS of ${domain}: CNAME <name> <value>`,
          value: `${record.name} ${record.value}`,
        });
      }
    });
  }

  private createFeedbackTopic(props: MailProps): sns.Topic {
    const stack = Stack.of(this);
    const key = new kms.Key(this, 'FeedbackKey', {
      description: `Encrypts ${props.feedbackTopicName}`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    const ses = new iam.ServicePrincipal('ses.amazonaws.com');
    key.grant(ses, 'kms:GenerateDataKey*', 'kms:Decrypt');
    const topic = new sns.Topic(this, 'Feedback', {
      topicName: props.feedbackTopicName,
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [ses],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': Arn.format(
              { service: 'ses', resource: 'configuration-set', resourceName: props.configurationSetName },
              stack,
            ),
          },
        },
      }),
    );
    return topic;
  }
}
