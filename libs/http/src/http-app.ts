import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigError, loadConfig, type AppConfig } from '@gomart/config';
import { API_PREFIXES, registerStorefront } from '@gomart/web';
import type { Logger } from 'pino';
import { HttpErrorFilter } from './error.filter';
import { createLogger, NestPinoLogger } from './logger';
import { OneLinePerRequest } from './request-log';
import { createValidationPipe } from './validation';

export interface HttpAppOptions {
  /** The service name in logs and in the API document. */
  readonly service: string;
  /** Environment to read instead of `process.env` (tests). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface HttpApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly logger: Logger;
}

/** Keeps a client-supplied request id when it is sane, so one id follows a request across services. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;
const requestId = (request: IncomingMessage): string => {
  const supplied = request.headers['x-request-id'];
  return typeof supplied === 'string' && REQUEST_ID.test(supplied) ? supplied : randomUUID();
};

/**
 * Builds a Nest application on Fastify with everything every Go Mart app shares: validated
 * configuration, pino JSON logs with a request id per request, one error format, strict
 * validation, OpenAPI at /docs, and graceful shutdown on SIGTERM.
 */
export async function createHttpApp(rootModule: Type<unknown>, options: HttpAppOptions): Promise<HttpApp> {
  const source = options.env ?? process.env;
  const config = loadConfig(source);
  const logger = createLogger(options.service, config.log);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new OneLinePerRequest(config.log.requests),
    genReqId: requestId,
    requestIdHeader: false,
    bodyLimit: 64 * 1024,
    // Longer than the load balancer's idle timeout (60 s), so the balancer closes idle connections first.
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  const app = await withEnvironment(source, () =>
    NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
      logger: new NestPinoLogger(logger),
      abortOnError: false,
    }),
  );
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalPipes(createValidationPipe());
  setUpApiDocs(app, options.service);
  // process.exit after a clean shutdown: exit code 0, and pino's buffers are flushed.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.init();
  // The storefront build (npm run build), when this checkout has one; in AWS CloudFront serves it.
  await registerStorefront(fastify, { root: join(process.cwd(), 'dist', 'storefront'), apiPrefixes: API_PREFIXES });
  // The API speaks JSON only: other bodies are 415, not strings that fail validation later.
  fastify.removeContentTypeParser(['text/plain', 'application/x-www-form-urlencoded']);
  return { app, config, logger };
}

/** `main.ts` of every app: create, listen, and stop with a clear message on bad configuration. */
export async function runHttpApp(
  rootModule: Type<unknown>,
  options: HttpAppOptions & {
    /** E.g. start a microservice listener before HTTP traffic arrives. */
    beforeListen?: (created: HttpApp) => Promise<void>;
    /** E.g. announce the instance once it can serve. */
    afterListen?: (created: HttpApp) => Promise<void>;
  },
): Promise<HttpApp | undefined> {
  let created: HttpApp;
  try {
    created = await createHttpApp(rootModule, options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${options.service}: ${error.message}\n`);
    process.exitCode = 1;
    return undefined;
  }
  const { app, config, logger } = created;
  await options.beforeListen?.(created);
  armShutdownDeadline(config, logger);
  await app.listen({ port: config.http.port, host: config.http.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  await options.afterListen?.(created);
  logger.info({ port, docs: `http://localhost:${port}/docs` }, `${options.service} listening on port ${port}`);
  return created;
}

/** If a graceful shutdown hangs (a stuck connection, a hung dependency), exit anyway. */
function armShutdownDeadline(config: AppConfig, logger: Logger): void {
  process.once('SIGTERM', () => {
    logger.info({ drainMs: config.shutdown.drainMs }, 'SIGTERM: readiness now 503, finishing in-flight requests');
    setTimeout(() => {
      logger.error({ timeoutMs: config.shutdown.timeoutMs }, 'graceful shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdown.drainMs + config.shutdown.timeoutMs).unref();
  });
}

function setUpApiDocs(app: INestApplication, service: string): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`Go Mart API (${service})`)
      .setDescription('Catalog, orders and health of the Go Mart online shop. Errors are `{ code, message, details? }`.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
}

/**
 * Nest reads configuration from `process.env` while it creates the application; a test
 * that builds several apps with different settings passes them here instead.
 */
async function withEnvironment<T>(env: NodeJS.ProcessEnv, create: () => Promise<T>): Promise<T> {
  if (env === process.env) return create();
  const saved = process.env;
  process.env = { ...env };
  try {
    return await create();
  } finally {
    process.env = saved;
  }
}
