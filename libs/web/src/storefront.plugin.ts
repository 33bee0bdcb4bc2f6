import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Paths the API answers. A page path under one of them is the API's (and its 404), never the
 * storefront's index.html: CloudFront routes the same prefixes to the API in AWS.
 */
export const API_PREFIXES: readonly string[] = [
  '/catalog',
  '/orders',
  '/fulfilment',
  '/recommendations',
  '/analytics',
  '/auth',
  '/health',
  '/docs',
  '/metrics',
  '/admin/api',
];

/** Cache-Control of what the storefront build holds, the same the deploy sets on the bucket's objects. */
export const STOREFRONT_CACHE = {
  /** Content-hashed file names: a changed file is a new name, so browsers may keep these for a year. */
  hashedAsset: 'public, max-age=31536000, immutable',
  /** Product pictures keep their names across deploys: a day. */
  image: 'public, max-age=86400',
  /** index.html names the current assets: always revalidated (ETag), so a deploy shows at once. */
  page: 'no-cache',
} as const;

export interface StorefrontOptions {
  /** The storefront build: index.html, admin.html, assets/, images/ (dist/storefront). It may not exist (yet). */
  readonly root: string;
  /** Path prefixes the API keeps; see API_PREFIXES. */
  readonly apiPrefixes: readonly string[];
}

/** Folders of the build that are files, not pages. */
const FILE_FOLDERS = ['assets', 'images'] as const;

/**
 * Serves the storefront build from the app that serves the API (same origin): hashed assets as
 * immutable, pictures for a day, and index.html (`no-cache`) for every page path, so a reload
 * or a shared link of `/aisle/dairy-eggs` works. API routes keep priority: Fastify matches them
 * before this plugin's wildcard, and a page request under an API prefix gets the API's 404.
 * The build is looked up per request, so a server started before the first build (watch mode)
 * serves it once it exists, and an app without a build answers as before.
 */
export async function registerStorefront(fastify: FastifyInstance, options: StorefrontOptions): Promise<void> {
  const root = resolve(options.root);
  const underApi = (path: string) => options.apiPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

  await fastify.register(async (scope) => {
    // Only `reply.sendFile` (ETag, Last-Modified, ranges, 304s); the routes are this plugin's own.
    await scope.register(fastifyStatic, { serve: false });

    for (const folder of FILE_FOLDERS) {
      const cacheControl = folder === 'assets' ? STOREFRONT_CACHE.hashedAsset : STOREFRONT_CACHE.image;
      scope.get(`/${folder}/*`, async (request, reply) => {
        const relative = join(folder, (request.params as { '*': string })['*']);
        if (!(await isFileWithin(root, relative))) return notFound(request, reply);
        return send(reply, root, relative, cacheControl);
      });
    }

    const page = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?', 1)[0] ?? '/';
      if (underApi(path) || !acceptsHtml(request)) return reply.callNotFound();
      const entry = await entryFor(root, path);
      if (!entry) return reply.callNotFound();
      return send(reply, root, entry, STOREFRONT_CACHE.page);
    };
    scope.get('/', page);
    scope.get('/*', page);
  });
}

function send(reply: FastifyReply, root: string, relative: string, cacheControl: string): FastifyReply {
  void reply.header('cache-control', cacheControl);
  return reply.sendFile(relative, root, { cacheControl: false });
}

function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?', 1)[0];
  // Not cached: during a deploy a file may exist a moment later.
  return reply.code(404).header('cache-control', 'no-store').send({ code: 'ROUTE_NOT_FOUND', message: `There is no file at ${path}.` });
}

/** Browsers ask for pages with `Accept: text/html`; fetch() and API clients do not. */
function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/**
 * The HTML entry of a page path: the document of the front end its first segment names — the
 * build's `admin.html` (or `admin/index.html`) for `/admin` and `/admin/...`, the back office —
 * else the storefront's index.html; undefined when there is no build. CloudFront's rewrite
 * (deploy/lib/constructs/edge-policies.ts) does the same in AWS.
 */
async function entryFor(root: string, path: string): Promise<string | undefined> {
  const segment = path.split('/')[1] ?? '';
  if (/^[a-z0-9-]+$/.test(segment) && segment !== 'index' && !(FILE_FOLDERS as readonly string[]).includes(segment)) {
    for (const candidate of [`${segment}.html`, join(segment, 'index.html')]) {
      if (await isFileWithin(root, candidate)) return candidate;
    }
  }
  return (await isFileWithin(root, 'index.html')) ? 'index.html' : undefined;
}

async function isFileWithin(root: string, relative: string): Promise<boolean> {
  const file = resolve(root, relative);
  if (!file.startsWith(root + sep) || relative.includes('\0')) return false;
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
