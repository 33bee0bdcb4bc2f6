import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';

/**
 * The query parameters public catalog reads understand (listing, search, facets, paging and
 * product recommendations). Only these are in the cache key, so tracking links
 * (`?utm_source=...`, `fbclid`) share one cached copy instead of fragmenting the cache; the app
 * ignores unknown parameters anyway, so dropping them changes no answer.
 */
export const CATALOG_QUERY_PARAMETERS = [
  'category',
  'q',
  'brand',
  'minPriceCents',
  'maxPriceCents',
  'inStock',
  'sort',
  'limit',
  'cursor',
  'exclude',
] as const;

/** Request headers the app reads besides Authorization (which rides in the cache key, see below). */
export const API_FORWARDED_HEADERS = ['Idempotency-Key', 'x-request-id', 'If-None-Match', 'Content-Type'] as const;

/**
 * What the catalog routes read of a request besides the query and Authorization: admin
 * writes' `Content-Type` and the request id. `If-None-Match` stays at the edge, which answers
 * conditional reads from its copy and revalidates with its own validators; catalog routes
 * take no `Idempotency-Key`.
 */
export const CATALOG_FORWARDED_HEADERS = ['x-request-id', 'Content-Type'] as const;

/**
 * How long the edge may treat a public catalog read as fresh, at most. The app says
 * `max-age=10, stale-while-revalidate=20` with `Age` counted from its source read, which keeps
 * an edge copy within the 35 s the cache promises for shown stock; 30 s caps what a changed
 * `CACHE_HTTP_MAX_AGE_S` could ask for at that budget. With no Cache-Control nothing is kept.
 */
export const CATALOG_EDGE_MAX_TTL = Duration.seconds(30);

/** Browser cache instructions per kind of storefront file. */
export const STOREFRONT_CACHE_CONTROL = {
  /** index.html, admin.html and every SPA route: revalidate on each load, so a deploy is seen at once. */
  shell: 'no-cache',
  /** Vite's content-hashed bundles under /assets: a new build has new names. */
  assets: 'public, max-age=31536000, immutable',
  /** Product images keep their names across builds; a day is the staleness we accept. */
  images: 'public, max-age=86400',
} as const;

/**
 * Viewer-request rewrite for the storefront behaviours: a path whose last segment has no file
 * extension is an SPA route, served by its entry document: `/admin` and `/admin/...` by the
 * back office (`/admin.html`), everything else by `/index.html`. Runs on the S3 behaviours
 * only, so API paths (their own behaviours) never see it and keep their real 404s, which
 * distribution-wide error responses would have turned into HTML.
 */
export const SPA_REWRITE_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') !== -1) return request;
  if (uri === '/admin' || uri.indexOf('/admin/') === 0) {
    request.uri = '/admin.html';
  } else {
    request.uri = '/index.html';
  }
  return request;
}`;

/**
 * The cache, origin request and response headers policies of the distribution.
 *
 * Authorization: CloudFront will not forward it through an origin request policy, only as
 * part of a cache key. So both API cache policies key on it: a request with a token can only
 * ever be answered from an entry made for that same token, never from the anonymous copy of a
 * public read, and never another shopper's. The origin marks personal answers
 * `private, no-store`, which CloudFront does not store at all (every answer not marked public
 * says so); public catalog reads are stored as their Cache-Control says, at most 30 s.
 */
export class EdgePolicies extends Construct {
  readonly catalogCache: cloudfront.CachePolicy;
  readonly catalogOriginRequest: cloudfront.OriginRequestPolicy;
  readonly apiCache: cloudfront.CachePolicy;
  readonly apiOriginRequest: cloudfront.OriginRequestPolicy;
  readonly shellCache: cloudfront.CachePolicy;
  readonly assetsCache: cloudfront.CachePolicy;
  readonly imagesCache: cloudfront.CachePolicy;
  readonly shellHeaders: cloudfront.ResponseHeadersPolicy;
  readonly assetsHeaders: cloudfront.ResponseHeadersPolicy;
  readonly imagesHeaders: cloudfront.ResponseHeadersPolicy;
  readonly spaRewrite: cloudfront.Function;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const compressed = { enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true };

    this.catalogCache = new cloudfront.CachePolicy(this, 'CatalogRead', {
      comment: 'Public catalog reads: allow-listed query, keyed on Authorization, as the origin Cache-Control says, at most 30 s',
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.allowList(...CATALOG_QUERY_PARAMETERS),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      minTtl: Duration.seconds(0),
      // Only what the origin marks public is kept: its errors and admin answers say private, no-store.
      defaultTtl: Duration.seconds(0),
      maxTtl: CATALOG_EDGE_MAX_TTL,
      ...compressed,
    });
    this.catalogOriginRequest = new cloudfront.OriginRequestPolicy(this, 'CatalogOrigin', {
      comment: 'Catalog: the key (query allow-list, Authorization) plus the headers admin writes need',
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.none(),
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...CATALOG_FORWARDED_HEADERS),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });

    this.apiCache = new cloudfront.CachePolicy(this, 'ApiPersonal', {
      comment: 'API: not cached unless the origin says so (at most 1 s), always keyed on Authorization',
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      // All-zero TTLs would disable caching, and with it any header in the key: Authorization
      // could then not be forwarded at all. One second keeps it forwardable.
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      ...compressed,
    });
    this.apiOriginRequest = new cloudfront.OriginRequestPolicy(this, 'ApiOrigin', {
      comment: 'API: every query parameter and the headers the app reads; never cookies or Host',
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...API_FORWARDED_HEADERS),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });

    const staticCache = (name: string, comment: string, ttl: { min: Duration; default: Duration; max: Duration }) =>
      new cloudfront.CachePolicy(this, name, {
        comment,
        queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
        headerBehavior: cloudfront.CacheHeaderBehavior.none(),
        cookieBehavior: cloudfront.CacheCookieBehavior.none(),
        minTtl: ttl.min,
        defaultTtl: ttl.default,
        maxTtl: ttl.max,
        ...compressed,
      });
    // TTL 0: the edge revalidates with S3 on every request (a cheap 304), so a deploy shows at once.
    this.shellCache = staticCache('Shell', 'index.html and SPA routes: revalidated on every request', {
      min: Duration.seconds(0),
      default: Duration.seconds(0),
      max: Duration.minutes(5),
    });
    this.assetsCache = staticCache('Assets', 'Content-hashed assets: immutable, a year', {
      min: Duration.days(365),
      default: Duration.days(365),
      max: Duration.days(365),
    });
    this.imagesCache = staticCache('Images', 'Product images: a day', {
      min: Duration.days(1),
      default: Duration.days(1),
      max: Duration.days(1),
    });

    this.shellHeaders = this.headers('ShellHeaders', STOREFRONT_CACHE_CONTROL.shell);
    this.assetsHeaders = this.headers('AssetsHeaders', STOREFRONT_CACHE_CONTROL.assets);
    this.imagesHeaders = this.headers('ImagesHeaders', STOREFRONT_CACHE_CONTROL.images);

    this.spaRewrite = new cloudfront.Function(this, 'SpaRewrite', {
      comment: 'SPA routes to their entry document (storefront behaviours only)',
      code: cloudfront.FunctionCode.fromInline(SPA_REWRITE_FUNCTION),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
  }

  /** Security headers (as the managed SecurityHeadersPolicy) plus this kind's Cache-Control. */
  private headers(id: string, cacheControl: string): cloudfront.ResponseHeadersPolicy {
    return new cloudfront.ResponseHeadersPolicy(this, id, {
      comment: `Storefront security headers, Cache-Control: ${cacheControl}`,
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
      customHeadersBehavior: { customHeaders: [{ header: 'Cache-Control', value: cacheControl, override: true }] },
    });
  }
}
