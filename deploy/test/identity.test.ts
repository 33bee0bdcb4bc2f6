import { Match } from 'aws-cdk-lib/assertions';
import { type Estate, onlyResource, prodWithDomain, resourcesOfType, synthesize } from './estate';

interface ClientJson {
  AllowedOAuthFlows: string[];
  AllowedOAuthFlowsUserPoolClient: boolean;
  AllowedOAuthScopes: string[];
  CallbackURLs: string[];
  LogoutURLs: string[];
  GenerateSecret?: boolean;
  ExplicitAuthFlows: string[];
  SupportedIdentityProviders: string[];
}

describe('identity', () => {
  let dev: Estate;
  let devWithDomain: Estate;
  let prod: Estate;
  beforeAll(() => {
    dev = synthesize({ env: 'dev' });
    devWithDomain = synthesize({
      env: 'dev',
      domain: 'dev.shop.example.com',
      hostedZoneId: 'Z0000000000EXAMPLE',
      hostedZoneName: 'example.com',
    });
    prod = synthesize({ ...prodWithDomain });
  });

  const client = (estate: Estate): ClientJson =>
    onlyResource<ClientJson>(estate.json(estate.identity), 'AWS::Cognito::UserPoolClient');

  it('has the admin and staff groups the app authorises by', () => {
    const groups = resourcesOfType(prod.json(prod.identity), 'AWS::Cognito::UserPoolGroup').map(
      ([, group]) => group.Properties?.GroupName,
    );
    expect(groups.sort()).toEqual(['admin', 'staff']);
  });

  it('signs the SPA in with the authorization code grant, no client secret, openid email profile', () => {
    for (const estate of [dev, prod]) {
      expect(client(estate)).toMatchObject({
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        GenerateSecret: false,
        SupportedIdentityProviders: ['COGNITO'],
      });
      expect(client(estate).AllowedOAuthFlows).not.toContain('implicit');
    }
  });

  it('returns to the storefront domain in prod, and also to localhost:3000 in dev only', () => {
    expect(client(prod)).toMatchObject({
      CallbackURLs: ['https://shop.example.com/signin/callback'],
      LogoutURLs: ['https://shop.example.com/'],
    });
    expect(client(devWithDomain)).toMatchObject({
      CallbackURLs: ['https://dev.shop.example.com/signin/callback', 'http://localhost:3000/signin/callback'],
      LogoutURLs: ['https://dev.shop.example.com/', 'http://localhost:3000/'],
    });
    expect(client(dev)).toMatchObject({
      CallbackURLs: ['http://localhost:3000/signin/callback'],
      LogoutURLs: ['http://localhost:3000/'],
    });
    for (const estate of [dev, devWithDomain, prod]) {
      const urls = [...client(estate).CallbackURLs, ...client(estate).LogoutURLs];
      expect(urls.some((url) => url.includes('example.com/callback') || url === 'https://example.com')).toBe(false);
    }
  });

  it('lets only the dev smoke test sign in with an admin-initiated password flow', () => {
    expect(client(dev).ExplicitAuthFlows).toEqual(
      expect.arrayContaining(['ALLOW_USER_SRP_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH']),
    );
    expect(client(prod).ExplicitAuthFlows).not.toContain('ALLOW_ADMIN_USER_PASSWORD_AUTH');
    expect(client(prod).ExplicitAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
  });

  it('hosts the sign-in on a Cognito domain named from the context', () => {
    prod.template(prod.identity).hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'gomart-prod' });
    const custom = synthesize({ env: 'dev', authDomainPrefix: 'gomart-shop-dev' });
    custom.template(custom.identity).hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'gomart-shop-dev',
      UserPoolId: Match.anyValue(),
    });
  });
});
