import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { noteErrorCode, OneLinePerRequest, requestLogLevel, SLOW_REQUEST_MS } from './request-log';

describe('requestLogLevel', () => {
  it('keeps fast successful reads out of info when only notable requests are logged', () => {
    expect(requestLogLevel({ method: 'GET', status: 200, ms: 3 }, 'notable')).toBe('debug');
    expect(requestLogLevel({ method: 'HEAD', status: 304, ms: 3 }, 'notable')).toBe('debug');
  });

  it('logs writes, client and server errors, and slow reads at info', () => {
    expect(requestLogLevel({ method: 'POST', status: 201, ms: 3 }, 'notable')).toBe('info');
    expect(requestLogLevel({ method: 'GET', status: 404, ms: 3 }, 'notable')).toBe('info');
    expect(requestLogLevel({ method: 'GET', status: 503, ms: 3 }, 'notable')).toBe('info');
    expect(requestLogLevel({ method: 'GET', status: 200, ms: SLOW_REQUEST_MS }, 'notable')).toBe('info');
  });

  it('logs every request at info when asked to', () => {
    expect(requestLogLevel({ method: 'GET', status: 200, ms: 3 }, 'all')).toBe('info');
  });
});

describe('OneLinePerRequest on a real Fastify server', () => {
  async function linesFor(policy: 'all' | 'notable', calls: Array<{ method: 'GET' | 'POST'; url: string }>) {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Record<string, unknown>);
        done();
      },
    });
    const server = Fastify({ loggerInstance: pino({ level: 'info' }, sink), logController: new OneLinePerRequest(policy) });
    server.get('/items', () => ({ ok: true }));
    server.post('/items', () => ({ ok: true }));
    server.post('/refused', (request, reply) => {
      noteErrorCode(request, 'OUT_OF_STOCK');
      return reply.code(409).send({ code: 'OUT_OF_STOCK', message: 'Not enough stock.' });
    });
    try {
      const address = await server.listen({ port: 0, host: '127.0.0.1' });
      for (const call of calls) await (await fetch(`${address}${call.url}`, { method: call.method })).text();
    } finally {
      await server.close();
    }
    return lines.filter((line) => line.msg === 'request').map((line) => [line.method, line.url, line.status, line.code].filter((part) => part !== undefined).map(String).join(' '));
  }

  const calls = [
    { method: 'GET', url: '/items' },
    { method: 'POST', url: '/items' },
    { method: 'GET', url: '/missing' },
    { method: 'POST', url: '/refused' },
  ] as const;

  it('writes one info line per notable request only, with the error code of a refusal', async () => {
    expect(await linesFor('notable', [...calls])).toEqual(['POST /items 200', 'GET /missing 404', 'POST /refused 409 OUT_OF_STOCK']);
  });

  it('writes one info line per request with LOG_REQUESTS=all', async () => {
    expect(await linesFor('all', [...calls])).toEqual(['GET /items 200', 'POST /items 200', 'GET /missing 404', 'POST /refused 409 OUT_OF_STOCK']);
  });
});
