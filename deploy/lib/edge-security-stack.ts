import { Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import type { GoMartConfig } from './config';
import { EdgeWebAcl } from './constructs/edge-web-acl';

export interface EdgeSecurityStackProps extends StackProps {
  readonly config: GoMartConfig;
}

/**
 * What CloudFront requires in us-east-1: the WAF web ACL and, when a domain is given, the
 * storefront's certificate (validated through DNS in the hosted zone).
 */
export class EdgeSecurityStack extends Stack {
  readonly webAclArn: string;
  readonly certificate?: acm.ICertificate;

  constructor(scope: Construct, id: string, props: EdgeSecurityStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.webAclArn = new EdgeWebAcl(this, 'WebAcl', {
      name: config.prefix,
      rateLimit: config.profile.wafRateLimit,
      logRetention: config.profile.logRetention,
      removalPolicy: config.profile.dataRemovalPolicy,
    }).webAcl.attrArn;

    const { domain } = config;
    if (domain) {
      const zone = route53.PublicHostedZone.fromPublicHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: domain.hostedZoneId,
        zoneName: domain.hostedZoneName,
      });
      this.certificate = new acm.Certificate(this, 'Certificate', {
        domainName: domain.name,
        validation: acm.CertificateValidation.fromDns(zone),
      });
    }
  }
}
