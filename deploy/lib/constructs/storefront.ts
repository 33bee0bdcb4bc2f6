import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { SecureBucket } from './secure-bucket';

/** The API origin: the HTTP API's host, the prefixes routed to it and the origin secret header. */
export interface ApiOrigin {
  readonly host: string;
  readonly pathPrefixes: readonly string[];
  readonly verifyHeader: { readonly name: string; readonly value: string };
}

export interface StorefrontProps {
  readonly comment: string;
  readonly api: ApiOrigin;
  /** ARN of a CLOUDFRONT-scope WAF web ACL. */
  readonly webAclArn: string;
  /** ACL-enabled bucket for CloudFront standard logs and the content bucket's access logs. */
  readonly logs: s3.IBucket;
  readonly customDomain?: { readonly name: string; readonly certificate: acm.ICertificate };
  readonly geoAllowlist: readonly string[];
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The shop's single public entry point: CloudFront serving the storefront's static files
 * from a private S3 bucket (origin access control) and forwarding the API prefixes to API
 * Gateway uncached. The WAF web ACL covers both. The API origin request carries a secret
 * header that the internal ALB requires, so the API cannot be used around the WAF.
 */
export class Storefront extends Construct {
  readonly bucket: SecureBucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: StorefrontProps) {
    super(scope, id);
    this.bucket = new SecureBucket(this, 'Content', {
      accessLogs: props.logs,
      accessLogsPrefix: 'storefront-bucket/',
      removalPolicy: props.removalPolicy,
    });

    const apiOrigin = new origins.HttpOrigin(props.api.host, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      customHeaders: { [props.api.verifyHeader.name]: props.api.verifyHeader.value },
      readTimeout: Duration.seconds(30),
    });
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // Forwards Authorization, Idempotency-Key and the query string; Host must be the API's own.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      compress: true,
    };
    const additionalBehaviors = Object.fromEntries(
      props.api.pathPrefixes.flatMap((prefix) => [
        [prefix, apiBehavior],
        [`${prefix}/*`, apiBehavior],
      ]),
    );

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: props.comment,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
      },
      additionalBehaviors,
      webAclId: props.webAclArn,
      domainNames: props.customDomain ? [props.customDomain.name] : undefined,
      certificate: props.customDomain?.certificate,
      minimumProtocolVersion: props.customDomain && cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Shoppers are in Australia and New Zealand too, which only the "all" class serves locally.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: props.logs,
      logFilePrefix: 'cloudfront/',
      geoRestriction:
        props.geoAllowlist.length > 0 ? cloudfront.GeoRestriction.allowlist(...props.geoAllowlist) : undefined,
    });

    if (!props.customDomain) {
      acknowledge(
        this.distribution,
        'CFR4',
        'No domain is configured for this environment, so the distribution uses the default *.cloudfront.net ' +
          'certificate, which cannot pin a minimum TLS version. With a domain the policy is TLSv1.2_2021.',
      );
    }
    if (props.geoAllowlist.length === 0) {
      acknowledge(
        this.distribution,
        'CFR1',
        'No geoAllowlist context was given for this environment; the shop is reachable from every country.',
      );
    }
  }
}
