import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import helmet from 'helmet';
import type { AppConfig } from '@gomart/config';
import { ErrorCode } from '@gomart/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parserErrorResponse, toErrorResponse } from './error-response';
import { noteErrorCode } from './request-log';

/**
 * The longest request URL accepted (path and query). Node refuses request lines past its
 * header limit (16 KiB) with 431; this answers 414 well below it, before any routing or
 * parsing of a query string a client could blow up.
 */
export const MAX_URL_LENGTH = 8192;

/**
 * Security headers on every answer of every app. The content security policy fits what the
 * apps serve: the storefront build (Vite: scripts, styles and pictures from the same origin)
 * and Swagger UI at /docs (its own scripts, an inline style block); nothing is framed, nothing
 * is a plugin. Where the storefront signs in with Cognito, it exchanges the code with the
 * hosted UI's domain, so that domain may be fetched and posted to.
 *
 * helmet works the headers out once, here; each request only sets them. (@fastify/helmet built
 * helmet's middleware again for every request, its policy parsed each time: about a fifth of a
 * cached read's CPU.) They go on the raw response in `onRequest`, as helmet's middleware put
 * them, so an answer written past Fastify carries them too.
 */
export function registerSecurityHeaders(fastify: FastifyInstance, config: AppConfig): void {
  const headers = securityHeaders(config);
  fastify.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}

/** The headers helmet sets with the shop's policy, in helmet's order. */
export function securityHeaders(config: AppConfig): readonly (readonly [string, string])[] {
  const cognito = config.auth.mode === 'cognito' && config.auth.domain ? [config.auth.domain] : [];
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...cognito],
        formAction: ["'self'", ...cognito],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  // Every directive is fixed (no nonce, nothing read from the request): one run on a recording
  // response gives the headers of every request. A bad policy throws above, when helmet builds it.
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
  };
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return [...headers];
}

/** 414 in the error shape for a URL past MAX_URL_LENGTH, before routing reads it. */
export function refuseLongUrls(fastify: FastifyInstance): void {
  // Callback style, as every hook that runs for every request: an async hook costs a promise each time.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.raw.url !== undefined && request.raw.url.length > MAX_URL_LENGTH) {
      noteErrorCode(request, ErrorCode.URI_TOO_LONG);
      void reply
        .code(414)
        .header('connection', 'close')
        .send({ code: ErrorCode.URI_TOO_LONG, message: 'The request URL is too long.' });
      return;
    }
    done();
  });
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refused (headers too large, NUL
 * bytes, Content-Length with Transfer-Encoding, a broken request line) answered in the one
 * error shape, then the connection closed, since what follows on it cannot be trusted.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const { status, body } = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? timeoutResponse() : parserErrorResponse(error);
    const json = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${status} ${statusText(status)}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy(error);
}

function timeoutResponse() {
  return { status: 408, body: { code: ErrorCode.MALFORMED_REQUEST, message: 'The request took too long to arrive.' } };
}

function statusText(status: number): string {
  return { 400: 'Bad Request', 408: 'Request Timeout', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' }[status] ?? 'Bad Request';
}

/**
 * Fastify's `frameworkErrors`: what the router refuses before any hook runs (a malformed
 * percent-encoding, a path parameter past its length limit), in the one error shape. Fastify's
 * own answer would echo the URL.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorResponse(error, request.log);
  noteErrorCode(request, body.code);
  void reply.code(status).send(body);
}
