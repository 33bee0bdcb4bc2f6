import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { runInRequest, takeRequestMeta } from '@gomart/request-context';
import { Observable, tap } from 'rxjs';

/**
 * Runs each internal call in the request context of the caller's request: the request id
 * that came with the message (taken off it before validation sees the payload) is on every
 * log line the call makes, and on every call and event it makes in turn. Each call is logged
 * at debug, with its pattern and duration.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Rpc');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const requestId = takeRequestMeta(context.switchToRpc().getData()) ?? randomUUID();
    const pattern = context.switchToRpc().getContext<{ getPattern?: () => string }>().getPattern?.() ?? 'unknown';
    const started = performance.now();
    const done = (outcome: string) => this.logger.debug({ pattern, outcome, ms: Math.round(performance.now() - started) }, 'rpc');
    return new Observable((subscriber) =>
      runInRequest(requestId, () =>
        next
          .handle()
          .pipe(tap({ complete: () => done('ok'), error: (error: unknown) => done(error instanceof Error ? error.name : 'error') }))
          .subscribe(subscriber),
      ),
    );
  }
}
