import { connect } from 'node:net';
import { TestApp } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * What any client sees of the HTTP surface before a route runs: security headers on every
 * answer, the API docs only where configured, and the framework's own refusals (URL too long,
 * headers too large, a bad URL, an ambiguous body length, a bad body) in the one error shape
 * `{ code, message }` with stable codes, never echoing what the client sent.
 */
let shop: TestApp;
let port: number;

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: '20' } });
  port = Number(new URL(shop.url).port);
});

afterAll(() => shop.close());

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly text: string;
}

/** Sends bytes as they are (no client library cleans them up) and reads the one answer. */
function raw(request: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(
        headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      const body = rest.join('\r\n\r\n');
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: parseJson(body), text });
    });
    socket.end(request);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

describe('security headers', () => {
  it.each(['/catalog/products?limit=1', '/health/live', '/no/such/route', '/docs'])('are on %s', async (path) => {
    const response = await shop.request(path);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
  });

  it('let the API docs load their own scripts and styles', async () => {
    const page = await shop.request('/docs');
    expect(page.status).toBe(200);
    // Swagger UI's page refers to files served under /docs, which the policy allows (self).
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)/);
  });
});

describe('API docs switch', () => {
  it('are off when API_DOCS=off', async () => {
    const closed = await TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: '5', API_DOCS: 'off' } });
    try {
      for (const path of ['/docs', '/docs-json']) {
        const response = await closed.request(path);
        expect(response.status).toBe(404);
        expect(response.body).toEqual({ code: 'ROUTE_NOT_FOUND', message: expect.any(String) });
      }
    } finally {
      await closed.close();
    }
  });
});

describe('framework refusals keep the error shape', () => {
  const secret = 'S3CRET-IN-URL';

  it('414 for a URL too long, without echoing it', async () => {
    const answer = await raw(`GET /catalog/products?q=${secret}${'a'.repeat(10_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(414);
    expect(answer.body).toEqual({ code: 'URI_TOO_LONG', message: expect.any(String) });
    expect(answer.text).not.toContain(secret);
  });

  it('431 for headers too large', async () => {
    const answer = await raw(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(answer.body).toEqual({ code: 'HEADERS_TOO_LARGE', message: expect.any(String) });
  });

  it('400 for a NUL byte in the request line or a header', async () => {
    for (const request of [
      `GET /catalog/products/${secret}\0x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      `GET /health/live HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\nConnection: close\r\n\r\n`,
    ]) {
      const answer = await raw(request);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ code: 'MALFORMED_REQUEST', message: expect.any(String) });
      expect(answer.text).not.toContain(secret);
    }
  });

  it('400 for Content-Length together with Transfer-Encoding', async () => {
    const answer = await raw(
      'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n',
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: 'MALFORMED_REQUEST', message: expect.any(String) });
  });

  it('400 for malformed percent-encoding, without echoing the URL', async () => {
    const answer = await raw(`GET /catalog/products/${secret}%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: 'MALFORMED_REQUEST', message: expect.any(String) });
    expect(answer.text).not.toContain(secret);
  });

  it('413, 400 and 415 for a body too large, not JSON, or of another type', async () => {
    const token = shop.token('probe');
    const tooLarge = await shop.request('/orders', { method: 'POST', token, body: `{"x":"${'x'.repeat(100_000)}"}` });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });

    const badJson = await shop.request('/orders', { method: 'POST', token, body: `{"lines": ${secret}` });
    expect(badJson.status).toBe(400);
    expect(badJson.body).toEqual({ code: 'MALFORMED_REQUEST', message: expect.any(String) });
    expect(badJson.text).not.toContain(secret);

    const otherType = await shop.request('/orders', { method: 'POST', token, body: 'lines=1', headers: { 'content-type': 'text/csv' } });
    expect(otherType.status).toBe(415);
    expect(otherType.body).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.any(String) });
  });
});
