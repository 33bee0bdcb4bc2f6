import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { ConfigError, ConfigModule, loadConfig, type AppConfig, type AppName } from '@gomart/config';
import { currentRequestId, REQUEST_ID_PATTERN, runInRequest } from '@gomart/request-context';
import { flushTracing, startTracing } from '@gomart/tracing';
import { API_PREFIXES, registerStorefront } from '@gomart/web';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApiDocument, type ApiDocumentOptions } from '@gomart/openapi';
import { HttpErrorFilter } from './error.filter';
import { answerClientError, answerFrameworkError, refuseLongUrls, registerSecurityHeaders } from './http-surface';
import { registerJsonParser } from './json-body';
import { nameSpansByRoute, traceBoundChildLoggers, tracedRequests } from './http-tracing';
import { createLoggers, NestPinoLogger } from './logger';
import { registerRateLimits, trustedProxies } from './rate-limit';
import { OneLinePerRequest } from './request-log';
import { createValidationPipe } from './validation';

export interface HttpAppOptions {
  /** Which app this is: its name in logs, in the API document and in discovery. */
  readonly app: AppName;
  /** The parsed configuration (tests hand in their own; `runHttpApp` parses the environment once). */
  readonly config: AppConfig;
}

export interface HttpApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly logger: Logger;
  /** From now on every answer says `Connection: close` (SIGTERM: the drain has begun). */
  readonly startDraining: () => void;
}

/**
 * `Cache-Control` of every answer whose route does not set its own (public catalog reads and
 * storefront files do): nothing personal can be stored by a browser or CloudFront by omission.
 */
export const DEFAULT_CACHE_CONTROL = 'private, no-store';

/** The client's `x-request-id` when it is sane, else a new one: one id follows a request across services. */
function requestIdOf(request: IncomingMessage): string {
  const supplied = request.headers['x-request-id'];
  return typeof supplied === 'string' && REQUEST_ID_PATTERN.test(supplied) ? supplied : randomUUID();
}

/**
 * Builds a Nest application on Fastify with everything every Go Mart app shares: the
 * configuration (provided under APP_CONFIG), pino logs with the request id on every line made
 * while handling a request, security headers, one error format (also for what the HTTP parser
 * refuses), strict validation, OpenAPI at /docs (unless API_DOCS=off), and
 * graceful shutdown on SIGTERM. `rootModule` is the app's list of imports.
 */
export async function createHttpApp(rootModule: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<HttpApp> {
  const { config, app: name } = options;
  const loggers = createLoggers(name, config.log);
  // Before anything makes a client or a span: off (the default), nothing below makes spans.
  const tracing = startTracing(name, config.tracing);
  const adapter = new FastifyAdapter({
    loggerInstance: loggers.http,
    logController: new OneLinePerRequest(config.log.requests),
    // Every request runs in its own request context, from the first byte to the last log line.
    serverFactory: (handler: (request: IncomingMessage, response: ServerResponse) => void) => {
      const serve = tracing ? tracedRequests(handler, () => currentRequestId() ?? '') : handler;
      return closeIdleConnectionsAfterGrace(createServer((request, response) => runInRequest(requestIdOf(request), () => serve(request, response))));
    },
    ...(tracing ? { childLoggerFactory: traceBoundChildLoggers } : {}),
    genReqId: () => currentRequestId() ?? randomUUID(),
    requestIdHeader: false,
    bodyLimit: 64 * 1024,
    // Longer than the load balancer's idle timeout (60 s), so the balancer closes idle connections first.
    keepAliveTimeout: 65_000,
    // A request that reaches a closing server is served (with `Connection: close`), not refused:
    // it came on a connection the server had not told yet, and its dependencies are still open.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // Behind CloudFront and the ALB, the client is TRUST_PROXY_HOPS entries back in X-Forwarded-For.
    ...(config.rateLimit.trustProxyHops > 0 ? { trustProxy: trustedProxies(config.rateLimit.trustProxyHops) } : {}),
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(withPlatform(rootModule, config, name), adapter, {
    logger: new NestPinoLogger(loggers.app),
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerSecurityHeaders(fastify, config);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id).header('cache-control', DEFAULT_CACHE_CONTROL);
    done();
  });
  if (tracing) {
    nameSpansByRoute(fastify);
    // The spans of the last requests go out before the process exits.
    fastify.addHook('onClose', async () => flushTracing());
  }
  refuseLongUrls(fastify);
  const drain = closeConnectionsWhenDraining(fastify);
  await registerRateLimits(app, fastify, config);
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalPipes(createValidationPipe());
  if (config.apiDocs) SwaggerModule.setup('docs', app, buildApiDocument(app, apiDocumentOptions(name, config)));
  // process.exit after a clean shutdown: exit code 0, and pino's buffers are flushed.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.init();
  // The monolith serves the storefront build (npm run build) on the API's origin; in AWS the
  // storefront bucket behind CloudFront does, and the split services serve the API alone.
  if (name === 'gomart') await registerStorefront(fastify, { root: join(process.cwd(), 'dist', 'storefront'), apiPrefixes: API_PREFIXES });
  // The API speaks JSON only: other bodies are 415, not strings that fail validation later.
  fastify.removeContentTypeParser(['text/plain', 'application/x-www-form-urlencoded']);
  registerJsonParser(fastify);
  return { app, config, logger: loggers.app, startDraining: drain };
}

/**
 * While draining, every answer carries `Connection: close`, so Node ends each kept-alive
 * socket right after its answer and the client opens a fresh connection for its next request.
 * Otherwise a client reusing an idle connection at the moment the listener closes finds it cut
 * (ECONNRESET): the probe saw 4–17 of them at each SIGTERM. Closing the app drains too.
 */
function closeConnectionsWhenDraining(fastify: FastifyInstance): () => void {
  let draining = false;
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) void reply.header('connection', 'close');
    done(null, payload);
  });
  fastify.addHook('preClose', async () => {
    draining = true;
  });
  return () => {
    draining = true;
  };
}

/** How long an idle connection has at close to send the request it may have on its way. */
const IDLE_CONNECTION_GRACE_MS = 2000;

/**
 * At close, Node destroys every connection without a request in progress: one the client
 * opened a moment ago whose request is on its way, and one kept alive and idle that the
 * client is about to reuse. Either client sees ECONNRESET, or its request refused, though it
 * was never told the connection would end. Here no idle connection is cut before it has been
 * told: each gets a short grace to send its request, which is then answered with
 * `Connection: close` (Node ends the connection after that answer), and only a connection
 * still silent after the grace is closed.
 */
function closeIdleConnectionsAfterGrace(server: Server): Server {
  const busy = new Map<Socket, boolean>();
  server.on('connection', (socket: Socket) => {
    busy.set(socket, false);
    socket.once('close', () => busy.delete(socket));
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    if (!busy.has(socket)) return;
    busy.set(socket, true);
    response.once('finish', () => busy.has(socket) && busy.set(socket, false));
  });
  const closeIfIdle = (socket: Socket) => {
    if (busy.get(socket) === false) socket.destroy();
  };
  server.closeIdleConnections = () => {
    for (const [socket, inProgress] of busy) {
      if (!inProgress) setTimeout(() => closeIfIdle(socket), IDLE_CONNECTION_GRACE_MS).unref();
    }
  };
  return server;
}

/** The root module under the configuration: `APP_CONFIG` and `APP_NAME` are global to every module. */
function withPlatform(rootModule: Type<unknown> | DynamicModule, config: AppConfig, name: AppName): DynamicModule {
  @Module({})
  class Platform {}
  return { module: Platform, imports: [ConfigModule.forRoot(config, name), rootModule] };
}

export interface RunOptions {
  /** E.g. start a microservice listener before HTTP traffic arrives. */
  readonly beforeListen?: (created: HttpApp) => Promise<void>;
  /** E.g. announce the instance once it can serve. */
  readonly afterListen?: (created: HttpApp) => Promise<void>;
}

/**
 * `main.ts` of every app: parse the environment once, create, listen, and stop with a clear
 * message on bad configuration.
 */
export async function runHttpApp(
  name: AppName,
  rootModule: Type<unknown> | DynamicModule,
  options: RunOptions = {},
): Promise<HttpApp | undefined> {
  let created: HttpApp;
  try {
    created = await createHttpApp(rootModule, { app: name, config: loadConfig(process.env) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exitCode = 1;
    return undefined;
  }
  const { app, config, logger } = created;
  await options.beforeListen?.(created);
  armShutdownDeadline(config, logger, created.startDraining);
  await app.listen({ port: config.http.port, host: config.http.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  await options.afterListen?.(created);
  logger.info({ port, docs: `http://localhost:${port}/docs` }, `${name} listening on port ${port}`);
  return created;
}

/** If a graceful shutdown hangs (a stuck connection, a hung dependency), exit anyway. */
function armShutdownDeadline(config: AppConfig, logger: Logger, startDraining: () => void): void {
  process.once('SIGTERM', () => {
    startDraining();
    logger.info({ drainMs: config.shutdown.drainMs }, 'SIGTERM: readiness now 503, finishing in-flight requests');
    setTimeout(() => {
      logger.error({ timeoutMs: config.shutdown.timeoutMs }, 'graceful shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdown.drainMs + config.shutdown.timeoutMs).unref();
  });
}

/** What the API document of this instance says about itself: where it answers and the limits its configuration sets. */
export function apiDocumentOptions(name: AppName, config: AppConfig): ApiDocumentOptions {
  return {
    service: name,
    serverUrl: `http://localhost:${config.http.port}`,
    configuredLimits: {
      'PlaceOrderBody.lines': { maxItems: config.orders.maxLines },
      'OrderLineInput.quantity': { maximum: config.orders.maxQuantity },
    },
  };
}
