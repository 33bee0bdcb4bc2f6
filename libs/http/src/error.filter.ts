import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './error-response';
import { noteErrorCode } from './request-log';

/** Every HTTP error response goes through here (Nest side); see `toErrorResponse`. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const { status, body } = toErrorResponse(exception, request.log);
    noteErrorCode(request, body.code);
    const reply = http.getResponse<FastifyReply>().status(status);
    if (body.retryAfterSeconds !== undefined) void reply.header('retry-after', String(body.retryAfterSeconds));
    void reply.send(body);
  }
}
