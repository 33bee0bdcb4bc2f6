import { Match } from 'aws-cdk-lib/assertions';
import { serviceDefinitions } from '../lib/services';
import { type Estate, onlyResource, prodWithDomain, synthesize } from './estate';

describe('edge', () => {
  let dev: Estate;
  let prod: Estate;
  beforeAll(() => {
    dev = synthesize({ env: 'dev' });
    prod = synthesize({ ...prodWithDomain });
  });

  it('creates the WAF web ACL for CloudFront in us-east-1 with managed rules and a rate limit', () => {
    expect(dev.edgeSecurity.region).toBe('us-east-1');
    dev.template(dev.edgeSecurity).hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
        }),
        Match.objectLike({
          Name: 'RateLimitPerIp',
          Action: { Block: {} },
          Statement: { RateBasedStatement: Match.objectLike({ Limit: 1000, AggregateKeyType: 'IP' }) },
        }),
      ]),
    });
    dev.template(dev.edgeSecurity).hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }],
    });
  });

  it('serves the storefront from a private bucket and the API prefixes uncached, behind the web ACL', () => {
    const { DistributionConfig: config } = onlyResource<{ DistributionConfig: Record<string, unknown> }>(
      dev.json(dev.edge),
      'AWS::CloudFront::Distribution',
    );
    expect(dev.produced(config.WebACLId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^WebAcl/), 'Arn'] });
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https' });

    const behaviors = config.CacheBehaviors as { PathPattern: string; TargetOriginId: string; CachePolicyId: string }[];
    expect(behaviors.map((behavior) => behavior.PathPattern).sort()).toEqual(
      serviceDefinitions.flatMap((s) => [s.pathPrefix, `${s.pathPrefix}/*`]).sort(),
    );
    // The managed CachingDisabled policy.
    for (const behavior of behaviors) expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');

    const origins = config.Origins as {
      Id: string;
      S3OriginConfig?: unknown;
      OriginAccessControlId?: unknown;
      OriginCustomHeaders?: { HeaderName: string }[];
    }[];
    const api = origins.find((origin) => origin.Id === behaviors[0]?.TargetOriginId);
    expect(api?.OriginCustomHeaders).toEqual([expect.objectContaining({ HeaderName: 'x-origin-verify' })]);
    const storefront = origins.find((origin) => origin.S3OriginConfig);
    expect(storefront?.OriginAccessControlId).toBeDefined();
  });

  it('uses the default certificate and no aliases without a domain', () => {
    dev.template(dev.edgeSecurity).resourceCountIs('AWS::CertificateManager::Certificate', 0);
    dev.template(dev.edge).resourceCountIs('AWS::Route53::RecordSet', 0);
    dev.template(dev.edge).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Aliases: Match.absent() }),
    });
  });

  it('with a domain, validates a us-east-1 certificate, requires TLS 1.2 and aliases the domain', () => {
    prod.template(prod.edgeSecurity).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'shop.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'shop.example.com', HostedZoneId: 'Z0000000000EXAMPLE' }],
    });
    prod.template(prod.edge).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['shop.example.com'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
        Restrictions: { GeoRestriction: { RestrictionType: 'whitelist', Locations: ['AU', 'NZ'] } },
      }),
    });
    for (const type of ['A', 'AAAA']) {
      prod.template(prod.edge).hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'shop.example.com.',
        Type: type,
        HostedZoneId: 'Z0000000000EXAMPLE',
        AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
      });
    }
  });

  it('keeps a multi-region CloudTrail trail with log file validation', () => {
    dev.template(dev.audit!).hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'gomart-dev',
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      IncludeGlobalServiceEvents: true,
    });
  });
});
