import type { AppConfig } from '@gomart/config';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** A request slower than this is always logged at info, whatever it was. */
export const SLOW_REQUEST_MS = 1000;

export interface CompletedRequest {
  readonly method: string;
  readonly status: number;
  readonly ms: number;
}

/**
 * The level of a completed request's log line. With `notable`, a fast successful read is
 * routine: at peak it is most of the traffic, the load balancer's access log already records
 * it, and writing its line costs about a fifth of a cached read's CPU (BENCHMARKS.md). Writes,
 * client and server errors, and slow requests stay at info.
 */
export function requestLogLevel(request: CompletedRequest, policy: AppConfig['log']['requests']): 'info' | 'debug' {
  if (policy === 'all') return 'info';
  const read = request.method === 'GET' || request.method === 'HEAD';
  return read && request.status < 400 && request.ms < SLOW_REQUEST_MS ? 'debug' : 'info';
}

const errorCodes = new WeakMap<FastifyRequest, string>();

/** Remembers the stable error code a response carries (`{ code, message }`), for the request's log line. */
export function noteErrorCode(request: FastifyRequest, code: string): void {
  errorCodes.set(request, code);
}

/** One compact line per completed request (Fastify's default logs two, with full headers). */
export class OneLinePerRequest extends LogController {
  constructor(private readonly policy: AppConfig['log']['requests']) {
    // The request id is `requestId` on every line, the same name the app's own lines use.
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ method: request.method, url: request.url }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const code = errorCodes.get(request);
    const line = { method: request.method, url: request.url, status: reply.statusCode, ...(code === undefined ? {} : { code }), ms: Math.round(reply.elapsedTime) };
    if (error) request.log.error({ ...line, err: error }, 'request failed');
    else request.log[requestLogLevel(line, this.policy)](line, 'request');
  }
}
