import type { FastifyBaseLogger } from 'fastify';
import { toErrorResponse } from './error-response';

const log = { warn: jest.fn(), error: jest.fn() } as unknown as FastifyBaseLogger;

describe('toErrorResponse', () => {
  it('answers a dependency timeout with 503 and Retry-After, not 500', () => {
    const timeout = Object.assign(new Error('a request has exceeded the configured 3000 ms requestTimeout.'), { name: 'TimeoutError', code: 'ETIMEDOUT' });
    expect(toErrorResponse(timeout, log)).toEqual({ status: 503, body: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 }) });
  });

  it('keeps a bug a 500 whose body carries only an error id', () => {
    const response = toErrorResponse(new TypeError("Cannot read properties of undefined (reading 'id')"), log);
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ code: 'INTERNAL', message: expect.stringContaining(response.body.errorId as string), errorId: expect.any(String) });
  });
});
