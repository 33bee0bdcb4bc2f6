import { loadConfig, type AppConfig } from '@gomart/config';
import { securityHeaders } from './http-surface';

const headersOf = (config: AppConfig) => new Map(securityHeaders(config).map(([name, value]) => [name.toLowerCase(), value]));
const policyOf = (config: AppConfig) => headersOf(config).get('content-security-policy') ?? '';

describe('securityHeaders', () => {
  it('are the shop policy, worked out once for every request', () => {
    const headers = headersOf(loadConfig({}));
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('content-security-policy')).toBe(
      "default-src 'self';base-uri 'self';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';" +
        "img-src 'self' data:;font-src 'self' data:;connect-src 'self';form-action 'self';frame-ancestors 'none';object-src 'none'",
    );
  });

  it("let the storefront reach Cognito's hosted UI only when it signs in there", () => {
    const cognito = loadConfig({
      AUTH_MODE: 'cognito',
      COGNITO_USER_POOL_ID: 'ap-southeast-2_example',
      COGNITO_CLIENT_ID: 'example',
      COGNITO_DOMAIN: 'https://gomart.auth.ap-southeast-2.amazoncognito.com',
    });
    const policy = policyOf(cognito);
    expect(policy).toContain("connect-src 'self' https://gomart.auth.ap-southeast-2.amazoncognito.com;");
    expect(policy).toContain("form-action 'self' https://gomart.auth.ap-southeast-2.amazoncognito.com;");
    expect(policyOf(loadConfig({}))).not.toContain('amazoncognito');
  });
});
