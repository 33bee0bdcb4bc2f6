import { Arn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailProps {
  /** The sender address the app uses (MAIL_FROM). */
  readonly from: string;
  readonly configurationSetName: string;
  /**
   * When the sender's domain is this zone (or under it), the whole domain is verified with
   * Easy DKIM records written into the zone; otherwise only the address is verified.
   */
  readonly hostedZone?: route53.IPublicHostedZone;
}

/**
 * The SES identity order mail is sent from, with a configuration set that tracks reputation
 * and suppresses bounced and complaining addresses. A new account is in the SES sandbox:
 * request production access before mailing customers.
 */
export class Mail extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });

    const senderDomain = props.from.slice(props.from.indexOf('@') + 1);
    const zone = props.hostedZone;
    const identity =
      zone && (senderDomain === zone.zoneName || senderDomain.endsWith(`.${zone.zoneName}`))
        ? ses.Identity.publicHostedZone(zone)
        : ses.Identity.email(props.from);
    this.identity = new ses.EmailIdentity(this, 'Identity', { identity, configurationSet: this.configurationSet });
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
      resourceArns: [this.identity.emailIdentityArn, configurationSetArn],
    });
  }
}
