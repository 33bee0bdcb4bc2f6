import { runInNewContext } from 'node:vm';
import { Match } from 'aws-cdk-lib/assertions';
import { LISTING_PARAMETERS } from '../../libs/catalog/src/catalog.dto';
import { RecommendationsQuery } from '../../libs/recommendations/src/recommendations.dto';
import { API_FORWARDED_HEADERS, CATALOG_FORWARDED_HEADERS, CATALOG_QUERY_PARAMETERS } from '../lib/constructs/edge-policies';
import { publicPathPatterns } from '../lib/services';
import { type CfnTemplate, type Estate, onlyResource, prodWithDomain, synthesize } from './estate';

interface BehaviorJson {
  PathPattern?: string;
  TargetOriginId: string;
  CachePolicyId: unknown;
  OriginRequestPolicyId?: unknown;
  ResponseHeadersPolicyId?: unknown;
  AllowedMethods?: string[];
  FunctionAssociations?: unknown[];
}

interface DistributionJson {
  WebACLId: unknown;
  DefaultRootObject: string;
  DefaultCacheBehavior: BehaviorJson;
  CacheBehaviors: BehaviorJson[];
  CustomErrorResponses?: unknown;
  Origins: {
    Id: string;
    S3OriginConfig?: unknown;
    OriginAccessControlId?: unknown;
    OriginCustomHeaders?: { HeaderName: string }[];
  }[];
}

function distribution(estate: Estate): DistributionJson {
  return onlyResource<{ DistributionConfig: DistributionJson }>(
    estate.json(estate.edge),
    'AWS::CloudFront::Distribution',
  ).DistributionConfig;
}

function behavior(config: DistributionJson, pattern: string): BehaviorJson {
  const found = config.CacheBehaviors.find((candidate) => candidate.PathPattern === pattern);
  if (!found) throw new Error(`No behaviour ${pattern}`);
  return found;
}

interface KeyConfig {
  QueryStringsConfig: { QueryStringBehavior: string; QueryStrings?: string[] };
  HeadersConfig: { HeaderBehavior: string; Headers?: string[] };
  CookiesConfig: { CookieBehavior: string };
}

function cachePolicy(
  template: CfnTemplate,
  id: unknown,
): { MinTTL: number; DefaultTTL: number; MaxTTL: number; ParametersInCacheKeyAndForwardedToOrigin: KeyConfig } {
  const resource = template.Resources[(id as { Ref: string }).Ref];
  return (resource?.Properties as { CachePolicyConfig: never }).CachePolicyConfig;
}

function originRequestPolicy(template: CfnTemplate, id: unknown): KeyConfig {
  const resource = template.Resources[(id as { Ref: string }).Ref];
  return (resource?.Properties as { OriginRequestPolicyConfig: KeyConfig }).OriginRequestPolicyConfig;
}

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

  it('serves the storefront from a private bucket and the API paths from API Gateway, behind the web ACL', () => {
    const config = distribution(dev);
    expect(dev.produced(config.WebACLId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^WebAcl/), 'Arn'] });
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https' });
    // Evaluation order: the cached catalog reads before their prefix.
    expect(config.CacheBehaviors.map((behavior) => behavior.PathPattern)).toEqual([
      '/catalog/products*',
      '/catalog/categories',
      ...publicPathPatterns,
      '/assets/*',
      '/images/*',
    ]);
    const api = config.Origins.find((origin) => origin.Id === behavior(config, '/orders*').TargetOriginId);
    expect(api?.OriginCustomHeaders).toEqual([expect.objectContaining({ HeaderName: 'x-origin-verify' })]);
    const storefront = config.Origins.find((origin) => origin.S3OriginConfig);
    expect(storefront?.OriginAccessControlId).toBeDefined();
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(storefront?.Id);
  });

  it('rewrites SPA routes to their entry document on the storefront behaviours only, with no error pages', () => {
    const config = distribution(dev);
    // Distribution-wide error responses would turn the API's 404s into HTML pages.
    expect(config.CustomErrorResponses).toBeUndefined();
    const withFunction = [config.DefaultCacheBehavior, ...config.CacheBehaviors]
      .filter((candidate) => candidate.FunctionAssociations)
      .map((candidate) => candidate.PathPattern ?? 'default');
    expect(withFunction).toEqual(['default']);

    const code = onlyResource<{ FunctionCode: string; FunctionConfig: { Runtime: string } }>(
      dev.json(dev.edge),
      'AWS::CloudFront::Function',
    );
    expect(code.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    const rewrite = (uri: string): string => {
      const context = { result: '' };
      runInNewContext(
        `${code.FunctionCode}\nresult = handler({ request: { uri: ${JSON.stringify(uri)} } }).uri;`,
        context,
      );
      return context.result;
    };
    expect(rewrite('/')).toBe('/index.html');
    expect(rewrite('/products/de-000010')).toBe('/index.html');
    expect(rewrite('/signin/callback')).toBe('/index.html');
    expect(rewrite('/administrator')).toBe('/index.html');
    expect(rewrite('/admin')).toBe('/admin.html');
    expect(rewrite('/admin/orders/o-1')).toBe('/admin.html');
    expect(rewrite('/admin.html')).toBe('/admin.html');
    expect(rewrite('/assets/app-0f1e2d3c.js')).toBe('/assets/app-0f1e2d3c.js');
    expect(rewrite('/favicon.ico')).toBe('/favicon.ico');
  });

  it('caches hashed assets for a year, images for a day, and revalidates the entry documents', () => {
    const config = distribution(dev);
    const template = dev.json(dev.edge);
    const ttl = (pattern?: string) =>
      cachePolicy(template, (pattern ? behavior(config, pattern) : config.DefaultCacheBehavior).CachePolicyId);
    expect(ttl('/assets/*')).toMatchObject({ MinTTL: 31536000, DefaultTTL: 31536000, MaxTTL: 31536000 });
    expect(ttl('/images/*')).toMatchObject({ MinTTL: 86400, DefaultTTL: 86400, MaxTTL: 86400 });
    expect(ttl()).toMatchObject({ MinTTL: 0, DefaultTTL: 0 });
    const cacheControl = (pattern?: string) => {
      const id = (pattern ? behavior(config, pattern) : config.DefaultCacheBehavior).ResponseHeadersPolicyId;
      const policy = template.Resources[(id as { Ref: string }).Ref]?.Properties as {
        ResponseHeadersPolicyConfig: { CustomHeadersConfig: { Items: { Header: string; Value: string }[] } };
      };
      return policy.ResponseHeadersPolicyConfig.CustomHeadersConfig.Items.find(
        (item) => item.Header === 'Cache-Control',
      )?.Value;
    };
    expect(cacheControl('/assets/*')).toBe('public, max-age=31536000, immutable');
    expect(cacheControl('/images/*')).toBe('public, max-age=86400');
    expect(cacheControl()).toBe('no-cache');
  });

  it('keys catalog reads on exactly the query parameters the app reads', () => {
    const recommendation = Object.keys(new RecommendationsQuery());
    expect(recommendation.length).toBeGreaterThan(0);
    expect([...CATALOG_QUERY_PARAMETERS].sort()).toEqual([...new Set([...LISTING_PARAMETERS, ...recommendation])].sort());
  });

  it('caches public catalog reads by the allow-listed query only, keyed on Authorization, as the origin says, at most 30 s', () => {
    const config = distribution(dev);
    const template = dev.json(dev.edge);
    for (const pattern of ['/catalog/products*', '/catalog/categories']) {
      const read = behavior(config, pattern) as BehaviorJson & { CachedMethods?: string[] };
      // Writes pass through the same behaviour; only reads can ever be answered from the edge.
      expect(read.CachedMethods).toEqual(['GET', 'HEAD']);
      const policy = cachePolicy(template, read.CachePolicyId);
      // DefaultTTL 0: an answer without Cache-Control (none the app sends) is not kept; the
      // app's max-age=10 + stale-while-revalidate=20 fit under MaxTTL.
      expect(policy).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 30 });
      const key = policy.ParametersInCacheKeyAndForwardedToOrigin;
      expect(key.QueryStringsConfig).toEqual({
        QueryStringBehavior: 'whitelist',
        QueryStrings: [...CATALOG_QUERY_PARAMETERS],
      });
      expect(key.QueryStringsConfig.QueryStrings).not.toContain('utm_source');
      // A request with a token never shares an entry with anonymous reads or another token.
      expect(key.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: ['Authorization'] });
      expect(key.CookiesConfig).toEqual({ CookieBehavior: 'none' });
      const forwarded = originRequestPolicy(template, behavior(config, pattern).OriginRequestPolicyId);
      expect(forwarded.QueryStringsConfig).toEqual({ QueryStringBehavior: 'none' });
      expect(forwarded.HeadersConfig.Headers).toEqual([...CATALOG_FORWARDED_HEADERS]);
      expect(forwarded.HeadersConfig.Headers).not.toContain('If-None-Match');
    }
  });

  it('forwards only what the app reads to the rest of the API, uncached', () => {
    const config = distribution(dev);
    const template = dev.json(dev.edge);
    for (const pattern of publicPathPatterns) {
      const api = behavior(config, pattern);
      expect(api.AllowedMethods).toEqual(expect.arrayContaining(['POST', 'PATCH', 'PUT', 'DELETE']));
      const policy = cachePolicy(template, api.CachePolicyId);
      expect(policy).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 1 });
      expect(policy.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.Headers).toEqual(['Authorization']);
      const forwarded = originRequestPolicy(template, api.OriginRequestPolicyId);
      expect(forwarded).toMatchObject({
        QueryStringsConfig: { QueryStringBehavior: 'all' },
        CookiesConfig: { CookieBehavior: 'none' },
        HeadersConfig: { HeaderBehavior: 'whitelist', Headers: [...API_FORWARDED_HEADERS] },
      });
    }
  });

  it('uploads the storefront build without pruning and invalidates the entry documents', () => {
    dev.template(dev.edge).hasResourceProperties('Custom::CDKBucketDeployment', {
      Prune: false,
      DistributionPaths: ['/index.html', '/admin.html'],
      DestinationBucketName: Match.anyValue(),
    });
    const bare = synthesize({ env: 'dev' }, { storefront: false });
    bare.template(bare.edge).resourceCountIs('Custom::CDKBucketDeployment', 0);
    const notes = bare.edge.node
      .findAll()
      .flatMap((node) => node.node.metadata)
      .map((entry) => String(entry.data));
    expect(notes.some((note) => note.startsWith('No storefront build'))).toBe(true);
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
