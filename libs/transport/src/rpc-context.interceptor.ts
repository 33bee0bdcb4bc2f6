import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { runInRequest, takeRequestMeta } from '@gomart/request-context';
import { randomUUID } from 'node:crypto';
import { Observable } from 'rxjs';

/**
 * Runs each internal call in the request context of the caller's request: the request id
 * that came with the message (taken off it before validation sees the payload) is on every
 * log line the call makes, and on every call and event it makes in turn.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const requestId = takeRequestMeta(context.switchToRpc().getData()) ?? randomUUID();
    return new Observable((subscriber) => runInRequest(requestId, () => next.handle().subscribe(subscriber)));
  }
}
