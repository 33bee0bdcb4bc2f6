import type { LoggerService } from '@nestjs/common';
import type { AppConfig } from '@gomart/config';
import { currentRequestId } from '@gomart/request-context';
import { currentTraceId } from '@gomart/tracing';
import pino, { type DestinationStream, type Logger } from 'pino';

export interface AppLoggers {
  /** Fastify's: its request loggers carry the request id as a binding. */
  readonly http: Logger;
  /** Everything else (Nest, domain code): each line made while handling a request gets its id. */
  readonly app: Logger;
}

/**
 * One JSON line per event, with the service name, into one stream; `pretty` is for a
 * developer's terminal. Two loggers share that stream so the request id (and, when tracing,
 * the trace id) is on every line exactly once: Fastify binds them to its request loggers, the
 * other logger adds them from the request context and the active span.
 */
export function createLoggers(service: string, config: AppConfig['log']): AppLoggers {
  const options: pino.LoggerOptions = {
    level: config.level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: ['req.headers.authorization', 'headers.authorization'],
  };
  const destination: DestinationStream =
    config.format === 'pretty'
      ? pino.transport({ target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } })
      : pino.destination(1);
  return {
    http: pino(options, destination),
    app: pino({ ...options, mixin: () => requestFields() }, destination),
  };
}

/** The request id, and the trace id when tracing: the two ids to find a request's lines by. */
function requestFields(): { requestId?: string; traceId?: string } {
  const requestId = currentRequestId();
  const traceId = currentTraceId();
  if (!traceId) return requestId ? { requestId } : {};
  return requestId ? { requestId, traceId } : { traceId };
}

/** Nest's own logging (startup, lifecycle, Logger instances) into the same pino stream. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    // Nest calls error(message, stack?, context?).
    const [stack, context] = params.length >= 2 ? params : [undefined, params[0]];
    this.logger.error({ context, stack: typeof stack === 'string' ? stack : undefined }, String(message));
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /**
   * Nest calls `logger.debug(message, ...params, context)`. An object message is logged as
   * fields, with the first string parameter before the context as its text:
   * `logger.debug({ pattern, ms }, 'rpc')` is `{ context, pattern, ms, msg: 'rpc' }`.
   */
  private write(level: pino.Level, message: unknown, params: unknown[]): void {
    const context = params.at(-1);
    const fields = typeof context === 'string' ? { context } : {};
    if (typeof message === 'object' && message !== null) {
      const text = params.length >= 2 && typeof params[0] === 'string' ? params[0] : undefined;
      this.logger[level]({ ...fields, ...message }, text);
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
