import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@gomart/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { isNegative } from './cache-entry';
import { READ_THROUGH, type ReadThroughOptions } from './cache.tokens';
import { ReadThroughCache } from './read-through-cache';

@Injectable()
export class ReadThroughInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ReadThroughCache) private readonly cache: ReadThroughCache,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<ReadThroughOptions | undefined>(READ_THROUGH, context.getHandler());
    if (!options) return next.handle();
    const http = context.switchToHttp();
    return from(this.respond(options, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), next));
  }

  private async respond(
    options: ReadThroughOptions,
    request: FastifyRequest,
    reply: FastifyReply,
    next: CallHandler,
  ): Promise<string> {
    const { entry, source } = await this.cache.read(options.key(request), () => lastValueFrom(next.handle()), {
      tags: options.tags,
    });
    void reply.header('x-cache', source === 'source' ? 'miss' : 'hit');
    if (isNegative(entry)) throw new DomainError(entry.error.code, entry.error.message, entry.error.details);
    // The body is already JSON: send it as is rather than parse and serialize it again.
    void reply.type('application/json; charset=utf-8');
    return entry.json;
  }
}
