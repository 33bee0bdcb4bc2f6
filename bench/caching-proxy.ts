import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * nginx from Debian as the edge cache in front of the shop, standing in for CloudFront: it keys
 * on the path and query string as deploy/'s cache policy does, keeps what the app's
 * `Cache-Control` allows (`max-age`, then `stale-while-revalidate` with the refresh in the
 * background), never keeps `private, no-store`, and sends one request per key to the origin at a
 * time. Every request the origin gets is logged, background refreshes included, so the run can
 * say how many of the shoppers' reads reached the shop.
 */
export interface CachingProxyFiles {
  readonly config: string;
  /** One line per request nginx answered or sent on: `METHOD URI CACHE-STATUS UPSTREAM`. */
  readonly accessLog: string;
}

export async function writeCachingProxyConfig(
  dir: string,
  listenPort: number,
  originPort: number,
): Promise<CachingProxyFiles> {
  await mkdir(join(dir, 'cache'), { recursive: true });
  await mkdir(join(dir, 'temp'), { recursive: true });
  const accessLog = join(dir, 'access.log');
  const config = join(dir, 'nginx.conf');
  await writeFile(
    config,
    `# One process, in the foreground, owned by the benchmark (it stops it with SIGTERM).
daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  # A background refresh is a subrequest: logged too, so that it counts as an origin request.
  log_subrequest on;
  log_format origin '$request_method $uri $upstream_cache_status $upstream_addr';
  access_log ${accessLog} origin;
  client_body_temp_path ${join(dir, 'temp', 'body')};
  proxy_temp_path ${join(dir, 'temp', 'proxy')};
  fastcgi_temp_path ${join(dir, 'temp', 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'temp', 'uwsgi')};
  scgi_temp_path ${join(dir, 'temp', 'scgi')};
  proxy_cache_path ${join(dir, 'cache')} levels=1:2 keys_zone=catalog:32m max_size=512m inactive=10m use_temp_path=off;
  upstream shop {
    server 127.0.0.1:${originPort};
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${listenPort};
    location / {
      proxy_pass http://shop;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache catalog;
      # CloudFront's key in deploy/: the path and every query string.
      proxy_cache_key $request_uri;
      proxy_cache_lock on;
      proxy_cache_revalidate on;
      proxy_cache_background_update on;
      proxy_cache_use_stale updating error timeout http_503;
    }
  }
}
`,
  );
  return { config, accessLog };
}

/** What a public catalog read is, by its path: what the shopper's steps ask for. */
export type CatalogReadKind = 'listing' | 'product' | 'goes-with';

export type OriginFetches = Record<CatalogReadKind, number>;

/** Requests the origin has been sent so far for public catalog reads (GET /catalog/...), by kind. */
export async function originCatalogReads(accessLog: string): Promise<OriginFetches> {
  const log = await readFile(accessLog, 'utf8').catch(() => '');
  const fetches: OriginFetches = { listing: 0, product: 0, 'goes-with': 0 };
  for (const line of log.split('\n')) {
    const [method, uri, , upstream] = line.split(' ');
    if (method !== 'GET' || upstream === undefined || upstream === '-') continue;
    const kind = catalogReadKind(uri ?? '');
    if (kind) fetches[kind] += 1;
  }
  return fetches;
}

function catalogReadKind(path: string): CatalogReadKind | undefined {
  if (path === '/catalog/products') return 'listing';
  if (/^\/catalog\/products\/[^/]+$/.test(path)) return 'product';
  if (/^\/catalog\/products\/[^/]+\/recommendations$/.test(path)) return 'goes-with';
  return undefined;
}
