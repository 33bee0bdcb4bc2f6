import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { runInRequest, takeMessageMeta } from '@gomart/request-context';
import { contextFrom, endSpan, runInSpan, sanitizeCarrier, SpanKind, startSpan } from '@gomart/tracing';
import { Observable, tap } from 'rxjs';

/**
 * Runs each internal call in the request context of the caller's request: the request id
 * that came with the message (taken off it before validation sees the payload) is on every
 * log line the call makes, and on every call and event it makes in turn. When tracing, the
 * call is a server span continuing the caller's trace (the W3C context in the same envelope).
 * Each call is logged at debug, with its pattern and duration.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Rpc');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const meta = takeMessageMeta(context.switchToRpc().getData());
    const requestId = meta.requestId ?? randomUUID();
    const pattern = context.switchToRpc().getContext<{ getPattern?: () => string }>().getPattern?.() ?? 'unknown';
    const started = performance.now();
    return new Observable((subscriber) =>
      runInRequest(requestId, () => {
        const span = startSpan(pattern, {
          kind: SpanKind.SERVER,
          parent: contextFrom(sanitizeCarrier(meta.trace)),
          attributes: { 'rpc.system': 'nestjs-tcp', 'rpc.method': pattern, 'gomart.request_id': requestId },
        });
        const done = (outcome: string, error?: unknown) => {
          // Logged inside the span, so the line carries its trace id.
          runInSpan(span, () => this.logger.debug({ pattern, outcome, ms: Math.round(performance.now() - started) }, 'rpc'));
          endSpan(span, error);
        };
        return runInSpan(span, () =>
          next
            .handle()
            .pipe(tap({ complete: () => done('ok'), error: (error: unknown) => done(error instanceof Error ? error.name : 'error', error) }))
            .subscribe(subscriber),
        );
      }),
    );
  }
}
