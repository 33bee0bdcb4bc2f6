import type { FastifyInstance } from 'fastify';

/**
 * How deep a JSON body may nest. The deepest body the API takes is an order: object, lines,
 * line, a value (4); 32 leaves room for any future shape. A 5,000-deep body used to overflow
 * class-transformer's recursion (a 500) after blocking the event loop for up to 100 ms.
 */
export const MAX_JSON_DEPTH = 32;

/** A body nested deeper than MAX_JSON_DEPTH: a 400 MALFORMED_REQUEST through the error filter. */
export class BodyTooDeepError extends Error {
  readonly statusCode = 400;
  readonly code = 'ERR_BODY_TOO_DEEP';

  constructor() {
    super(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
    this.name = 'BodyTooDeepError';
  }
}

/**
 * The deepest nesting of brackets and braces in JSON text, outside strings, stopping as soon
 * as it passes `limit`: one pass over the characters, no recursion, so it costs no more than
 * reading the body and cannot itself overflow.
 */
export function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      if (++depth > limit) return true;
    } else if (char === 0x5d || char === 0x7d) depth--;
  }
  return false;
}

/**
 * Replaces Fastify's JSON parser by the same one (prototype-poisoning checks included) behind
 * a depth check, so a hostile body is refused before JSON.parse builds it and long before the
 * validation pipe walks it.
 */
export function registerJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (exceedsDepth(text, MAX_JSON_DEPTH)) return done(new BodyTooDeepError(), undefined);
    return parse(request, text, done);
  });
}
