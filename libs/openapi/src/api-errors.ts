import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type ReferenceObject, type SchemaObject } from '@nestjs/swagger';
import { ErrorCode, httpStatusOf } from '@gomart/contracts';

/** The name of the error body's schema in the API document. */
export const ERROR_BODY_SCHEMA = 'ErrorBody';

/** `{ code, message, details?, errorId?, retryAfterSeconds? }`: the body of every error answer (see ErrorBody). */
export const errorBodySchema: SchemaObject = {
  type: 'object',
  description: 'Every error answer. Match on `code`: it is stable; `message` is for people.',
  required: ['code', 'message'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', enum: Object.values(ErrorCode), description: 'Stable error code.' },
    message: { type: 'string' },
    details: { type: 'object', additionalProperties: true, description: 'What the code is about, e.g. `fields` of VALIDATION_FAILED.' },
    errorId: { type: 'string', description: '500 only: the id under which the error was logged.' },
    retryAfterSeconds: { type: 'integer', minimum: 0, description: '429 and 503: when to try again (also the Retry-After header).' },
  },
};

/** Which codes an answer of one status may carry, and what each means here. */
export type ErrorNotes = Partial<Record<ErrorCode, string>>;

/** The error body restricted to `codes`: a client sees in the document which codes each status carries. */
export function errorSchemaOf(codes: readonly ErrorCode[]): SchemaObject | ReferenceObject {
  return {
    allOf: [{ $ref: `#/components/schemas/${ERROR_BODY_SCHEMA}` }, { type: 'object', properties: { code: { type: 'string', enum: [...codes] } } }],
  };
}

/** `CODE: note.` per code, the way each status's description reads. */
export function describeCodes(notes: ErrorNotes): string {
  return Object.entries(notes)
    .map(([code, note]) => (note ? `${code}: ${note}` : code))
    .join('; ');
}

/**
 * Documents the errors a route answers, by code: each code's status comes from `httpStatusOf`
 * (the mapping the exception filter uses), so the document cannot disagree with the server
 * about it. The errors every route can answer (malformed requests, rate limits, 500, 503) are
 * added to every operation where the document is built; only route-specific codes go here.
 *
 * @example `@ApiErrors({ SKU_TAKEN: 'a product with this SKU exists' })`
 */
export function ApiErrors(notes: ErrorNotes): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorNotes>();
  for (const [code, note] of Object.entries(notes) as [ErrorCode, string][]) {
    const status = httpStatusOf[code];
    byStatus.set(status, { ...byStatus.get(status), [code]: note });
  }
  return applyDecorators(
    ...[...byStatus].map(([status, codes]) =>
      ApiResponse({ status, description: describeCodes(codes), schema: errorSchemaOf(Object.keys(codes) as ErrorCode[]) }),
    ),
  );
}
