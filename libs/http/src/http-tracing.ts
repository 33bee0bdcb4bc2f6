import type { IncomingMessage, ServerResponse } from 'node:http';
import { activeSpan, contextFrom, currentTraceId, endSpan, runInSpan, SpanKind, startSpan } from '@gomart/tracing';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Every request in a server span of its own, from the first byte to the last, continuing the
 * caller's trace when it sent a sane `traceparent`. The span is active while Fastify and Nest
 * handle the request, so the calls, events and log lines it makes belong to the trace. Used
 * only when tracing is on: off, the server runs the bare handler.
 */
export function tracedRequests(handler: RequestHandler, requestIdOf: (request: IncomingMessage) => string): RequestHandler {
  return (request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    const span = startSpan(`${request.method ?? 'HTTP'} ${path}`, {
      kind: SpanKind.SERVER,
      parent: contextFrom(request.headers),
      attributes: { 'http.request.method': request.method ?? '', 'url.path': path, 'gomart.request_id': requestIdOf(request) },
    });
    response.once('close', () => {
      span?.setAttribute('http.response.status_code', response.statusCode);
      endSpan(span, response.statusCode >= 500 ? new Error(`HTTP ${response.statusCode}`) : undefined);
    });
    runInSpan(span, () => handler(request, response));
  };
}

/** Once Fastify has routed a request, its span is named for the route (`GET /catalog/products/:id`), not the URL. */
export function nameSpansByRoute(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    const span = activeSpan();
    if (span && route) {
      span.updateName(`${request.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    done();
  });
}

/**
 * Fastify's request loggers (the request line) get the trace id next to the request id. They
 * are made while the request's span is active; later lines are written from socket events,
 * where it may no longer be, so the id is bound once here.
 */
export const traceBoundChildLoggers: FastifyServerOptions['childLoggerFactory'] = function (logger, bindings, options) {
  const traceId = currentTraceId();
  return logger.child(traceId ? { ...bindings, traceId } : bindings, options);
};
