import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import type { Construct } from 'constructs';
import type { GoMartConfig } from './config';
import { AccessLogsBucket } from './constructs/secure-bucket';
import { type ApiOrigin, Storefront } from './constructs/storefront';

export interface EdgeStackProps extends StackProps {
  readonly config: GoMartConfig;
  readonly api: ApiOrigin;
  /** From the us-east-1 edge security stack. */
  readonly webAclArn: string;
  readonly certificate?: acm.ICertificate;
  /** The storefront build to upload (`dist/storefront`); see Storefront. */
  readonly storefrontDirectory?: string;
}

/** CloudFront with the storefront bucket and the API behind it, and the DNS records when a domain is given. */
export class EdgeStack extends Stack {
  readonly storefront: Storefront;
  readonly urlOutput: CfnOutput;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { profile, domain } = config;
    if (domain && !props.certificate) throw new Error('EdgeStack: a domain needs its us-east-1 certificate');

    const logs = new AccessLogsBucket(this, 'Logs', {
      expireAfter: profile.accessLogsExpireAfter,
      removalPolicy: profile.dataRemovalPolicy,
      allowAclWrites: true,
    });
    this.storefront = new Storefront(this, 'Storefront', {
      comment: `${config.prefix} storefront and API`,
      api: props.api,
      webAclArn: props.webAclArn,
      logs,
      customDomain: domain && props.certificate && { name: domain.name, certificate: props.certificate },
      geoAllowlist: config.geoAllowlist,
      contentDirectory: props.storefrontDirectory,
      removalPolicy: profile.dataRemovalPolicy,
    });
    const { distribution } = this.storefront;

    if (domain) {
      const zone = route53.PublicHostedZone.fromPublicHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: domain.hostedZoneId,
        zoneName: domain.hostedZoneName,
      });
      const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(distribution));
      new route53.ARecord(this, 'AliasIpv4', { zone, recordName: domain.name, target });
      new route53.AaaaRecord(this, 'AliasIpv6', { zone, recordName: domain.name, target });
    }

    this.urlOutput = new CfnOutput(this, 'StorefrontUrl', {
      value: `https://${domain?.name ?? distribution.distributionDomainName}`,
    });
    new CfnOutput(this, 'StorefrontBucket', { value: this.storefront.bucket.bucketName });
    new CfnOutput(this, 'DistributionId', { value: distribution.distributionId });
  }
}
