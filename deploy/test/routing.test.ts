import { Match } from 'aws-cdk-lib/assertions';
import { serviceDefinitions } from '../lib/services';
import { type CfnTemplate, type Estate, onlyResource, resourcesOfType, synthesize } from './estate';

/**
 * Where each public path must end up. A request reaches a service only if all three layers
 * agree: CloudFront sends it to the API origin, API Gateway has a route for it, and an ALB rule
 * forwards it to that service. Everything else is the storefront's (S3, SPA routes).
 */
const apiPaths: Readonly<Record<string, string>> = {
  '/catalog/products': 'catalog',
  '/catalog/products/de-000010': 'catalog',
  '/catalog/products/de-000010/recommendations': 'catalog',
  '/catalog/categories': 'catalog',
  '/recommendations/for-me': 'catalog',
  '/auth/config': 'catalog',
  '/auth/local/sign-in': 'catalog',
  '/docs': 'catalog',
  '/docs-json': 'catalog',
  '/docs/static/swagger-ui.css': 'catalog',
  '/orders': 'orders',
  '/orders/o-123': 'orders',
  '/orders/o-123/cancel': 'orders',
  '/fulfilment/slots': 'orders',
  '/fulfilment/slot-holds/h-1/renew': 'orders',
  '/admin/api/orders': 'orders',
  '/analytics/sales': 'analytics-export',
  '/analytics/exports': 'analytics-export',
};
const storefrontPaths = [
  '/',
  '/index.html',
  '/signin/callback',
  '/account/orders',
  '/admin',
  '/admin/orders',
  '/products/de-000010',
  '/assets/app-0f1e2d3c.js',
  '/images/products/dairy-eggs/milk.svg',
];
/** Never an API path anywhere: the metrics endpoint, the worker's old prefix, per-task health. */
const unroutedPaths = ['/metrics', '/notifications', '/notifications/x', '/health/ready'];

/** CloudFront and ALB path patterns: `*` is any run of characters, `?` one; case-sensitive. */
function matchesPattern(pattern: string, path: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${source}$`).test(path);
}

/** API Gateway: `/x` exactly, `/x/{proxy+}` one or more segments below `/x/`. */
function matchesRoute(routeKey: string, path: string): boolean {
  const route = routeKey.replace(/^ANY /, '');
  if (!route.endsWith('/{proxy+}')) return route === path;
  const base = route.slice(0, -'{proxy+}'.length);
  return path.startsWith(base) && path.length > base.length;
}

interface Behavior {
  PathPattern: string;
  TargetOriginId: string;
}

function cloudFrontOrigin(estate: Estate, path: string): 'api' | 'storefront' {
  const { DistributionConfig: config } = onlyResource<{
    DistributionConfig: { CacheBehaviors: Behavior[]; Origins: { Id: string; S3OriginConfig?: unknown }[] };
  }>(estate.json(estate.edge), 'AWS::CloudFront::Distribution');
  const behavior = config.CacheBehaviors.find((candidate) => matchesPattern(candidate.PathPattern, path));
  if (!behavior) return 'storefront'; // the default behaviour
  const origin = config.Origins.find((candidate) => candidate.Id === behavior.TargetOriginId);
  return origin?.S3OriginConfig ? 'storefront' : 'api';
}

function gatewayRoutes(template: CfnTemplate): string[] {
  return resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties?.RouteKey as string);
}

interface RuleJson {
  Priority: number;
  Conditions: { Field: string; PathPatternConfig?: { Values: string[] } }[];
  Actions: { ForwardConfig: { TargetGroups: { TargetGroupArn: { Ref: string }; Weight: number }[] } }[];
}

/** The service the first matching ALB rule forwards to (by its target groups' logical ids). */
function albService(template: CfnTemplate, path: string): string | undefined {
  const rules = resourcesOfType(template, 'AWS::ElasticLoadBalancingV2::ListenerRule')
    .map(([, rule]) => rule.Properties as unknown as RuleJson)
    .sort((a, b) => a.Priority - b.Priority);
  const rule = rules.find((candidate) =>
    candidate.Conditions.some((condition) =>
      (condition.PathPatternConfig?.Values ?? []).some((pattern) => matchesPattern(pattern, path)),
    ),
  );
  const groups = rule?.Actions[0]?.ForwardConfig.TargetGroups.map((group) => group.TargetGroupArn.Ref) ?? [];
  const owners = new Set(
    groups.map(
      (group) =>
        serviceDefinitions.find((service) => group.startsWith(`${service.name.replaceAll('-', '')}Traffic`))?.name,
    ),
  );
  if (owners.size > 1) throw new Error(`Rule for ${path} forwards to several services`);
  return [...owners][0];
}

describe('routing: CloudFront, API Gateway and the ALB agree', () => {
  let dev: Estate;
  beforeAll(() => {
    dev = synthesize({ env: 'dev' });
  });

  it.each(Object.entries(apiPaths))('%s reaches %s through every layer', (path, service) => {
    expect(cloudFrontOrigin(dev, path)).toBe('api');
    expect(gatewayRoutes(dev.json(dev.services)).some((route) => matchesRoute(route, path))).toBe(true);
    expect(albService(dev.json(dev.services), path)).toBe(service);
  });

  it.each(storefrontPaths)('%s is served by the storefront', (path) => {
    expect(cloudFrontOrigin(dev, path)).toBe('storefront');
  });

  it.each(unroutedPaths)('%s is routed to no service at any layer', (path) => {
    expect(cloudFrontOrigin(dev, path)).toBe('storefront');
    expect(gatewayRoutes(dev.json(dev.services)).filter((route) => matchesRoute(route, path))).toEqual([]);
    expect(albService(dev.json(dev.services), path)).toBeUndefined();
  });

  it('has no catch-all route and requires a token where the definitions say so', () => {
    const routes = resourcesOfType(dev.json(dev.services), 'AWS::ApiGatewayV2::Route').map(
      ([, route]) => [route.Properties?.RouteKey, route.Properties?.AuthorizationType] as [string, string],
    );
    expect(routes.map(([key]) => key)).not.toContain('$default');
    const authorization = Object.fromEntries(routes);
    expect(authorization).toMatchObject({
      'ANY /catalog/{proxy+}': 'NONE',
      'ANY /orders': 'JWT',
      'ANY /orders/{proxy+}': 'JWT',
      'ANY /fulfilment/{proxy+}': 'NONE',
      'ANY /recommendations/{proxy+}': 'JWT',
      'ANY /analytics/{proxy+}': 'JWT',
      'ANY /admin/api/{proxy+}': 'JWT',
      'ANY /auth/{proxy+}': 'NONE',
      'ANY /docs': 'NONE',
      'ANY /docs-json': 'NONE',
    });
  });

  it('routes only with the CloudFront origin header', () => {
    for (const [, rule] of resourcesOfType(dev.json(dev.services), 'AWS::ElasticLoadBalancingV2::ListenerRule')) {
      expect(rule.Properties?.Conditions).toContainEqual(
        expect.objectContaining({
          Field: 'http-header',
          HttpHeaderConfig: expect.objectContaining({ HttpHeaderName: 'x-origin-verify' }),
        }),
      );
    }
    dev.template(dev.services).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [
        Match.objectLike({ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '404' }) }),
      ],
    });
  });
});
