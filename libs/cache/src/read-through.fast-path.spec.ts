import { Controller, Get, Global, Injectable, Module, Param, UseGuards, type CanActivate } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@gomart/config';
import { DomainError, ErrorCode } from '@gomart/contracts';
import { HealthRegistry } from '@gomart/health';
import { Metrics } from '@gomart/metrics';
import { RedisServer, waitFor } from '@gomart/testing';
import type { FastifyRequest } from 'fastify';
import { CacheModule } from './cache.module';
import { ReadThrough } from './read-through.decorator';
import { ReadThroughInterceptor } from './read-through.interceptor';

/** Counts its calls (all instances together): a guard must run on every request of its route, cached or not. */
@Injectable()
class CountingGuard implements CanActivate {
  static calls = 0;
  canActivate(): boolean {
    CountingGuard.calls += 1;
    return true;
  }
}

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

@Controller('t')
class ReadsController {
  handled = 0;

  @Get('open/:id')
  @ReadThrough({ key: (request) => `open:${idOf(request)}` })
  open(@Param('id') id: string) {
    this.handled += 1;
    if (id === 'missing') throw new DomainError(ErrorCode.PRODUCT_NOT_FOUND, 'No such thing.');
    return { id };
  }

  @Get('guarded/:id')
  @UseGuards(CountingGuard)
  @ReadThrough({ key: (request) => `guarded:${idOf(request)}` })
  guarded(@Param('id') id: string) {
    return { id, secret: true };
  }
}

async function redisGets(redis: RedisServer): Promise<number> {
  const info = String(await redis.command('INFO', 'commandstats'));
  return Number(/cmdstat_get:calls=(\d+)/.exec(info)?.[1] ?? 0);
}

@Global()
@Module({ providers: [HealthRegistry, { provide: Metrics, useValue: new Metrics('test') }], exports: [HealthRegistry, Metrics] })
class Platform {}

async function start(globalGuard?: CanActivate, env: Record<string, string> = {}): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [Platform, CacheModule.forRoot(loadConfig(env).cache)],
    controllers: [ReadsController],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  if (globalGuard) app.useGlobalGuards(globalGuard);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

/** Real HTTP (Fastify's inject loads an ESM-only package this Jest setup does not transform). */
async function get(app: NestFastifyApplication, path: string) {
  const response = await fetch(`${await app.getUrl()}${path}`);
  return {
    status: response.status,
    cache: response.headers.get('x-cache'),
    type: response.headers.get('content-type'),
    body: await response.text(),
  };
}

describe('read-through fast path', () => {
  let app: NestFastifyApplication | undefined;
  beforeEach(() => {
    CountingGuard.calls = 0;
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await app?.close();
    app = undefined;
  });

  it('answers hits of an unguarded route before Nest, with the same response', async () => {
    app = await start();
    const intercept = jest.spyOn(ReadThroughInterceptor.prototype, 'intercept');
    const responses = [];
    for (let i = 0; i < 4; i++) responses.push(await get(app, '/t/open/a'));
    expect(responses.map((response) => response.cache)).toEqual(['miss', 'hit', 'hit', 'hit']);
    expect(new Set(responses.map((response) => response.body))).toEqual(new Set(['{"id":"a"}']));
    expect(responses.every((response) => response.type === 'application/json; charset=utf-8')).toBe(true);
    expect(app.get(ReadsController).handled).toBe(1);
    // The first request decided the route qualifies; later hits never reached the interceptor.
    expect(intercept).toHaveBeenCalledTimes(1);
  });

  it('keeps a guarded route behind its guard, hits included', async () => {
    app = await start();
    const responses = [];
    for (let i = 0; i < 3; i++) responses.push(await get(app, '/t/guarded/b'));
    expect(responses.map((response) => response.cache)).toEqual(['miss', 'hit', 'hit']);
    expect(CountingGuard.calls).toBe(3);
  });

  it('keeps every route behind a global guard', async () => {
    app = await start(new CountingGuard());
    for (let i = 0; i < 3; i++) await get(app, '/t/open/c');
    expect(CountingGuard.calls).toBe(3);
  });

  it('leaves misses and remembered not-founds to Nest (its error filter answers those)', async () => {
    app = await start();
    await get(app, '/t/open/d');
    await get(app, '/t/open/missing');
    const intercept = jest.spyOn(ReadThroughInterceptor.prototype, 'intercept');
    const miss = await get(app, '/t/open/e');
    const notFoundAgain = await get(app, '/t/open/missing');
    expect(miss.cache).toBe('miss');
    expect(notFoundAgain.cache).toBe('hit');
    expect(intercept).toHaveBeenCalledTimes(2);
    expect(app.get(ReadsController).handled).toBe(3);
  });

  describe('with the Redis tier', () => {
    let redis: RedisServer;
    let writer: NestFastifyApplication | undefined;
    beforeAll(async () => {
      redis = await RedisServer.start();
    });
    afterAll(async () => {
      await writer?.close();
      await redis.dispose();
    });

    it('answers what another instance stored in Redis before Nest, and a not-found through Nest', async () => {
      const env = { REDIS_URL: redis.url };
      writer = await start(undefined, env);
      app = await start(undefined, env);
      await get(writer, '/t/open/shared');
      await get(writer, '/t/open/missing');
      await waitFor('entries in Redis', async () => ((await redis.command('DBSIZE')) === 2 ? true : undefined));
      await get(app, '/t/open/first');
      const intercept = jest.spyOn(ReadThroughInterceptor.prototype, 'intercept');
      const shared = await get(app, '/t/open/shared');
      const missing = await get(app, '/t/open/missing');
      expect([shared.cache, shared.body]).toEqual(['hit', '{"id":"shared"}']);
      expect(missing.cache).toBe('hit');
      expect(missing.status).not.toBe(200);
      // Only the not-found went through Nest, and neither ran the handler on this instance.
      expect(intercept).toHaveBeenCalledTimes(1);
      expect(app.get(ReadsController).handled).toBe(1);

      // A miss asks Redis once: in the hook, not again in the interceptor.
      const before = await redisGets(redis);
      expect((await get(app, '/t/open/fresh')).cache).toBe('miss');
      expect((await redisGets(redis)) - before).toBe(1);
    });
  });
});
