import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { API_PREFIXES, registerStorefront, STOREFRONT_CACHE } from './storefront.plugin';

/** A real Fastify server on a loopback port, serving a small build like the storefront's. */
let workDir: string;
let server: FastifyInstance;
let base: string;

const INDEX = '<!doctype html><title>Go Mart</title><script type="module" src="/assets/storefront-Ab12Cd.js"></script>';
const ADMIN_INDEX = '<!doctype html><title>Go Mart back office</title>';

async function writeBuild(root: string): Promise<void> {
  await mkdir(join(root, 'assets'), { recursive: true });
  await mkdir(join(root, 'images/products/dairy-eggs'), { recursive: true });
  await writeFile(join(root, 'index.html'), INDEX);
  // As the Vite build emits it (apps/storefront/build/entry-documents.ts).
  await writeFile(join(root, 'admin.html'), ADMIN_INDEX);
  await writeFile(join(root, 'assets/storefront-Ab12Cd.js'), 'console.log("shop")');
  await writeFile(join(root, 'images/products/dairy-eggs/full-cream-milk.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
}

/** Like the API's: the app's own 404 answers whatever the storefront leaves to it. */
async function startApp(root: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ code: 'ROUTE_NOT_FOUND', message: `Cannot ${request.method} ${request.url}` }),
  );
  app.get('/catalog/products', async () => ({ items: [], nextCursor: null }));
  app.get('/orders', async () => ({ items: [], nextCursor: null }));
  await registerStorefront(app, { root, apiPrefixes: API_PREFIXES });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url };
}

const page = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', ...headers } });

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'gomart-web-'));
  await writeBuild(join(workDir, 'storefront'));
  await writeFile(join(workDir, 'secret.txt'), 'not for the web');
  ({ app: server, url: base } = await startApp(join(workDir, 'storefront')));
});

afterAll(async () => {
  await server.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('the storefront build, served beside the API', () => {
  it('answers / and every page path with index.html, revalidated on each visit', async () => {
    for (const path of ['/', '/aisle/dairy-eggs', '/search?q=milk', '/account/orders/ord_1', '/checkout']) {
      const response = await page(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe(STOREFRONT_CACHE.page);
      expect(await response.text()).toBe(INDEX);
    }
  });

  it('answers a repeat visit with 304 when index.html has not changed', async () => {
    const first = await page('/');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // node:http, not fetch: fetch adds `cache-control: no-cache` to a request with If-None-Match.
    expect(await rawGet(`${base}/`, { accept: 'text/html', 'if-none-match': etag! })).toBe(304);
  });

  it('serves hashed assets as immutable for a year', async () => {
    const response = await fetch(`${base}/assets/storefront-Ab12Cd.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toBe('console.log("shop")');
  });

  it('serves product pictures for a day', async () => {
    const response = await fetch(`${base}/images/products/dairy-eggs/full-cream-milk.svg`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it('answers an unknown asset or picture with a 404 in the API error format', async () => {
    for (const path of ['/assets/storefront-Zz99.js', '/images/products/dairy-eggs/unicorn.svg']) {
      const response = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(404);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({ code: 'ROUTE_NOT_FOUND', message: `There is no file at ${path}.` });
    }
  });

  it('keeps API routes first, whatever the Accept header', async () => {
    const response = await page('/orders');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [], nextCursor: null });
  });

  it('leaves unknown paths under an API prefix to the API, even from a browser', async () => {
    for (const path of ['/catalog/nothing-here', '/auth/callback', '/admin/api/orders', '/health']) {
      const response = await page(path);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
    }
  });

  it('answers index.html only to requests for a page, not to fetch() or API clients', async () => {
    const response = await fetch(`${base}/aisle/dairy-eggs`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
  });

  it('serves the back office (admin.html) for /admin and every page path under it', async () => {
    for (const path of ['/admin', '/admin/', '/admin/orders/ord_1', '/admin/dashboard?from=2026-11-01&to=2026-11-28']) {
      const response = await page(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe(STOREFRONT_CACHE.page);
      expect(await response.text()).toBe(ADMIN_INDEX);
    }
  });

  it('keeps the storefront for paths that only start like /admin, and the API for /admin/api', async () => {
    for (const path of ['/administrator', '/admins/x', '/index']) {
      expect(await (await page(path)).text()).toBe(INDEX);
    }
    const api = await page('/admin/api/board');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
  });

  it('never serves a file from outside the build', async () => {
    const status = await rawGet(`${base}/assets/..%2f..%2fsecret.txt`);
    expect(status).toBe(404);
    const dotted = await rawGet(`${base}/images/../../secret.txt`);
    expect(dotted).toBe(404);
  });

  it('answers HEAD for a page without a body', async () => {
    const response = await fetch(`${base}/basket`, { method: 'HEAD', headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});

describe('a build with the back office as admin/index.html', () => {
  it('serves that document for /admin page paths', async () => {
    const root = join(workDir, 'nested');
    await mkdir(join(root, 'admin'), { recursive: true });
    await writeFile(join(root, 'index.html'), INDEX);
    await writeFile(join(root, 'admin/index.html'), ADMIN_INDEX);
    const { app, url } = await startApp(root);
    try {
      const response = await fetch(`${url}/admin/orders/ord_1`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(ADMIN_INDEX);
      expect(await (await fetch(`${url}/basket`, { headers: { accept: 'text/html' } })).text()).toBe(INDEX);
    } finally {
      await app.close();
    }
  });
});

describe('an app without a storefront build', () => {
  it('starts, and answers page paths with its own 404', async () => {
    const { app, url } = await startApp(join(workDir, 'no-build-here'));
    try {
      const response = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
      const api = await fetch(`${url}/catalog/products`);
      expect(api.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

/** A GET that sends the path exactly as written (fetch would normalise the dots away). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const request = httpRequest(url, { method: 'GET', headers }, (response) => {
      response.resume();
      resolvePromise(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}
