import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, DefaultStackSynthesizer, Duration, type RemovalPolicy, Size, Stack, Token } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardActions, acknowledgeWildcardResource } from '../nag';
import { EdgePolicies } from './edge-policies';
import { SecureBucket } from './secure-bucket';

/** The API origin: the HTTP API's host, the path patterns routed to it and the origin secret header. */
export interface ApiOrigin {
  readonly host: string;
  /** CloudFront path patterns (`/catalog/*`, `/orders*`), in the order they are evaluated. */
  readonly pathPatterns: readonly string[];
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
  /**
   * The storefront build (`dist/storefront`: `index.html`, `admin.html`, `assets/`, `images/`),
   * uploaded with every deployment. Absent (unit tests, a build not run yet) the bucket's content
   * is left as it is and synthesis notes it.
   */
  readonly contentDirectory?: string;
  readonly removalPolicy: RemovalPolicy;
}

/** Public catalog reads CloudFront may cache (evaluated before the rest of `/catalog/*`). */
export const CACHED_CATALOG_PATTERNS = ['/catalog/products*', '/catalog/categories'] as const;

/**
 * The shop's single public entry point: CloudFront serving the storefront (SPA and back
 * office) from a private S3 bucket (origin access control) and forwarding the API paths to
 * API Gateway, public catalog reads cached briefly. The WAF web ACL covers both. The API
 * origin request carries a secret header that the internal ALB requires, so the API cannot
 * be used around the WAF.
 */
export class Storefront extends Construct {
  readonly bucket: SecureBucket;
  readonly distribution: cloudfront.Distribution;
  readonly policies: EdgePolicies;
  /** One origin (and one origin access control) for every storefront behaviour. */
  private readonly contentOrigin: cloudfront.IOrigin;

  constructor(scope: Construct, id: string, props: StorefrontProps) {
    super(scope, id);
    this.bucket = new SecureBucket(this, 'Content', {
      accessLogs: props.logs,
      accessLogsPrefix: 'storefront-bucket/',
      removalPolicy: props.removalPolicy,
    });
    const policies = new EdgePolicies(this, 'Policies');
    this.policies = policies;
    this.contentOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: props.comment,
      defaultRootObject: 'index.html',
      defaultBehavior: this.storefrontBehavior(policies.shellCache, policies.shellHeaders, true),
      additionalBehaviors: this.behaviors(props, policies),
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
    this.upload(props.contentDirectory);

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

  /** Behaviours in evaluation order: exact storefront paths and cached catalog reads before their prefixes. */
  private behaviors(props: StorefrontProps, policies: EdgePolicies): Record<string, cloudfront.BehaviorOptions> {
    const apiOrigin = new origins.HttpOrigin(props.api.host, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      customHeaders: { [props.api.verifyHeader.name]: props.api.verifyHeader.value },
      readTimeout: Duration.seconds(30),
    });
    const api = (cachePolicy: cloudfront.ICachePolicy, originRequestPolicy: cloudfront.IOriginRequestPolicy) => ({
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy,
      originRequestPolicy,
      compress: true,
    });
    const catalogRead = api(policies.catalogCache, policies.catalogOriginRequest);
    const uncached = api(policies.apiCache, policies.apiOriginRequest);
    return {
      ...Object.fromEntries(CACHED_CATALOG_PATTERNS.map((pattern) => [pattern, catalogRead])),
      ...Object.fromEntries(props.api.pathPatterns.map((pattern) => [pattern, uncached])),
      '/assets/*': this.storefrontBehavior(policies.assetsCache, policies.assetsHeaders, false),
      '/images/*': this.storefrontBehavior(policies.imagesCache, policies.imagesHeaders, false),
    };
  }

  private storefrontBehavior(
    cachePolicy: cloudfront.ICachePolicy,
    responseHeadersPolicy: cloudfront.IResponseHeadersPolicy,
    spaRoutes: boolean,
  ): cloudfront.BehaviorOptions {
    return {
      origin: this.contentOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy,
      responseHeadersPolicy,
      compress: true,
      functionAssociations: spaRoutes
        ? [{ function: this.policies.spaRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }]
        : undefined,
    };
  }

  /**
   * Uploads the build without pruning: a shopper whose page is older than the deploy still
   * loads the hashed chunks it names (they stay, and the bucket's lifecycle keeps versions 30
   * days). The entry documents are invalidated at the edge.
   */
  private upload(directory: string | undefined): void {
    if (!directory || !existsSync(join(directory, 'index.html'))) {
      Annotations.of(this).addInfo(
        `No storefront build at ${directory ?? '(none given)'}: the bucket's content is left as it is. ` +
          'Run npm run build before deploying to upload dist/storefront.',
      );
      return;
    }
    const deployment = new s3deploy.BucketDeployment(this, 'Upload', {
      sources: [s3deploy.Source.asset(directory)],
      destinationBucket: this.bucket,
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/admin.html'],
      memoryLimit: 512,
      ephemeralStorageSize: Size.mebibytes(1024),
    });
    // The copying Lambda is a stack-level singleton that CDK generates (role, policy, runtime).
    const handler = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!handler) throw new Error('Storefront: the BucketDeployment handler was not found');
    const reason =
      "CDK's BucketDeployment handler copies the build from the CDK asset bucket into the storefront bucket " +
      'and invalidates the distribution; CDK generates its role (basic execution, object access to those ' +
      'two buckets, CreateInvalidation, which has no resource scope) and pins its runtime.';
    const stack = Stack.of(this);
    acknowledge(handler, 'L1', reason);
    acknowledge(
      handler,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason,
    );
    acknowledgeWildcardActions(
      handler,
      ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'],
      reason,
    );
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const assetBucket = `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${account}-${stack.region}`;
    for (const resource of [`arn:${stack.partition}:s3:::${assetBucket}/*`, '*']) {
      acknowledge(handler, `IAM5[Resource::${resource}]`, reason);
    }
    acknowledgeWildcardResource(handler, this.bucket.arnForObjects('*'), reason);
    deployment.node.addDependency(this.bucket);
  }
}
