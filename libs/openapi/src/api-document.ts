import type { INestApplication } from '@nestjs/common';
import {
  ApiProperty,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
// The list class-validator's IsISO4217CurrencyCode checks against (validator.js, its dependency).
import { CurrencyCodes } from 'validator/lib/isISO4217';
import { ErrorCode, httpStatusOf } from '@gomart/contracts';
import { describeCodes, ERROR_BODY_SCHEMA, errorBodySchema, errorSchemaOf, type ErrorNotes } from './api-errors';

export interface ApiDocumentOptions {
  /** Which app serves it (its title). */
  readonly service: string;
  /** Where this instance answers, e.g. `http://localhost:3000`. */
  readonly serverUrl: string;
  /**
   * Limits that come from this instance's configuration rather than from a decorator, by
   * `Schema.property` (e.g. `OrderLineInput.quantity: { maximum: 20 }`), so the document
   * states the limits this instance enforces. Schemas the app does not serve are skipped.
   */
  readonly configuredLimits?: Readonly<Record<string, Partial<SchemaObject>>>;
}

const TAGS: Readonly<Record<string, string>> = {
  auth: 'How the storefront signs people in.',
  catalog: 'Products, aisles and search; changes by admins.',
  recommendations: '"Often bought with" and "buy it again".',
  fulfilment: 'Delivery slots and holds on them at checkout.',
  orders: 'Placing, following, picking and delivering orders.',
  'order archive': 'Archived orders brought back, legal holds and erasure of personal data (admins).',
  analytics: 'Sales figures, the dashboard and exports (admins).',
  health: 'Liveness, readiness and cache counters of this instance.',
};

/**
 * The OpenAPI document of an app, as a contract a client can be generated from and tested
 * against. Three things are derived here rather than written on every route, so that the
 * document cannot drift from what the server does:
 * - the constraints of bodies and query parameters (integer, limits, patterns, enums) from
 *   the class-validator rules the validation pipe enforces, and `additionalProperties: false`
 *   on bodies, whose unknown fields the pipe rejects;
 * - the errors any route can answer (see `errorsOfEveryRoute`), next to the route-specific
 *   ones each route declares with `@ApiErrors`;
 * - `security: []` on the public routes.
 */
export function buildApiDocument(app: INestApplication, options: ApiDocumentOptions): OpenAPIObject {
  describeValidatedProperties();
  const builder = new DocumentBuilder()
    .setTitle(`Go Mart API (${options.service})`)
    .setDescription(
      'Catalog, orders, fulfilment, analytics and health of the Go Mart online shop. ' +
        'Every error is `{ code, message, details? }` with a stable `code` (see the ErrorBody schema).',
    )
    .setVersion('1')
    .setContact('Go Mart online shop', '', '')
    .setLicense('UNLICENSED', '')
    .addServer(options.serverUrl, 'This instance')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito token, or locally one from `npm run token`.' });
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  document.components = { ...document.components, schemas: { ...document.components?.schemas, [ERROR_BODY_SCHEMA]: errorBodySchema } };
  delete document.info.contact?.url;
  delete document.info.contact?.email;
  delete document.info.license?.url;
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      operation.security ??= [];
      dropCacheNote(operation);
      addErrors(operation, errorsOfEveryRoute(method, operation));
    }
  }
  closeBodySchemas(document);
  applyConfiguredLimits(document, options.configuredLimits ?? {});
  return document;
}

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

function applyConfiguredLimits(document: OpenAPIObject, limits: Readonly<Record<string, Partial<SchemaObject>>>): void {
  for (const [path, limit] of Object.entries(limits)) {
    const [schema = '', property = ''] = path.split('.');
    const owner = document.components?.schemas?.[schema] as SchemaObject | undefined;
    // A split service documents only its own routes: the schema may not be there at all.
    if (!owner) continue;
    const target = owner.properties?.[property];
    if (!target || '$ref' in target) throw new Error(`API document: ${schema} has no property ${property} to limit`);
    Object.assign(target, limit);
  }
}

/**
 * What any route can answer besides its own errors: the framework and the platform answer
 * these before or around the handler (percent-encoding and validation of parameters, body
 * parsing, rate limits, a dependency timing out, a bug).
 */
function errorsOfEveryRoute(method: Method, operation: OperationObject): ErrorNotes {
  const takesBody = method !== 'get';
  // Path parameters are plain strings the domain looks up (a miss is its 404); queries, headers and bodies are validated.
  const validates = Boolean(operation.requestBody) || (operation.parameters ?? []).some((parameter: ParameterObject | ReferenceObject) => 'in' in parameter && parameter.in !== 'path');
  return {
    [ErrorCode.MALFORMED_REQUEST]: takesBody ? 'a URL or body that cannot be parsed (bad percent-encoding, invalid JSON)' : 'a URL that cannot be parsed',
    ...(validates ? { [ErrorCode.VALIDATION_FAILED]: 'with `details.fields: [{ field, problems }]`' } : {}),
    ...(takesBody
      ? {
          [ErrorCode.PAYLOAD_TOO_LARGE]: 'a body over 64 KiB',
          [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 'a body that is not application/json',
        }
      : {}),
    [ErrorCode.RATE_LIMITED]: 'too many requests from this client; see Retry-After',
    [ErrorCode.SERVICE_UNAVAILABLE]: 'overloaded, shutting down, or a dependency is not answering; retry after Retry-After',
    [ErrorCode.INTERNAL]: 'a bug; the body carries an errorId that is also in the log',
  };
}

const RETRY_AFTER = { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } } as const;

/** Merges error codes into an operation's responses: a status already documented keeps its description and gains the codes. */
function addErrors(operation: OperationObject, notes: ErrorNotes): void {
  const byStatus = new Map<number, ErrorNotes>();
  for (const [code, note] of Object.entries(notes) as [ErrorCode, string][]) {
    const status = httpStatusOf[code];
    byStatus.set(status, { ...byStatus.get(status), [code]: note });
  }
  for (const [status, codes] of byStatus) {
    const existing = operation.responses[status] as ResponseObject | undefined;
    const content = existing?.content?.['application/json'];
    const documented = codesOf(content?.schema);
    if (existing && content && documented === undefined) {
      // A status with its own body (readiness's 503): an error body is possible too.
      content.schema = { oneOf: [content.schema as SchemaObject, errorSchemaOf(Object.keys(codes) as ErrorCode[])] };
      continue;
    }
    const added = Object.fromEntries(Object.entries(codes).filter(([code]) => !documented?.includes(code as ErrorCode)));
    const all = [...(documented ?? []), ...(Object.keys(added) as ErrorCode[])];
    const description = [existing?.description, describeCodes(added)].filter(Boolean).join('; ');
    operation.responses[status] = {
      description,
      ...(status === 429 || status === 503 ? { headers: { 'Retry-After': RETRY_AFTER } } : {}),
      content: { 'application/json': { schema: errorSchemaOf(all) } },
    };
  }
}

/** The codes of an error schema made by `errorSchemaOf`, or undefined for any other schema. */
function codesOf(schema: SchemaObject | ReferenceObject | undefined): ErrorCode[] | undefined {
  const parts = (schema as SchemaObject | undefined)?.allOf;
  if (!parts || (parts[0] as ReferenceObject | undefined)?.$ref !== `#/components/schemas/${ERROR_BODY_SCHEMA}`) return undefined;
  const code = (parts[1] as SchemaObject | undefined)?.properties?.code as SchemaObject | undefined;
  return (code?.enum ?? []) as ErrorCode[];
}

/**
 * The read-through cache documents itself as a `2XX` answer to carry its `x-cache` header;
 * in a contract that is a second success without a body. The header belongs on the success.
 */
function dropCacheNote(operation: OperationObject): void {
  const note = operation.responses['2XX'] as ResponseObject | undefined;
  if (!note) return;
  delete operation.responses['2XX'];
  const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))?.[1] as ResponseObject | undefined;
  if (success) success.headers = { ...success.headers, ...note.headers };
}

/**
 * Bodies are validated with unknown fields rejected (forbidNonWhitelisted), nested objects
 * included: their schemas say `additionalProperties: false`.
 */
function closeBodySchemas(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const seen = new Set<string>();
  const close = (schema: SchemaObject | ReferenceObject | undefined): void => {
    if (!schema) return;
    if ('$ref' in schema) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      if (seen.has(name)) return;
      seen.add(name);
      const target = schemas[name] as SchemaObject | undefined;
      if (target?.type === 'object' || target?.properties) {
        target.additionalProperties = false;
        for (const property of Object.values(target.properties ?? {})) close(property);
      }
      return;
    }
    close(schema.items);
    for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? [])]) close(part);
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.put, item.post, item.patch, item.delete]) {
      const body = operation?.requestBody;
      if (body && 'content' in body) close(body.content['application/json']?.schema);
    }
  }
}

/** swagger's property metadata key (ApiProperty writes it). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

type PropertyDocs = Record<string, unknown>;

/**
 * Copies what class-validator enforces on each DTO property into its ApiProperty metadata,
 * where the property does not already say it: `@IsInt() @Min(1) @Max(100)` is documented as
 * `integer, 1–100` without repeating the numbers in `@ApiProperty`. Idempotent.
 */
function describeValidatedProperties(): void {
  // class-validator keeps its rules per class in this map; it has no public way to list them.
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> };
  for (const [owner, rules] of storage.validationMetadatas) {
    if (typeof owner !== 'function') continue;
    const target = owner as { readonly prototype: object };
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const rule of rules) byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
    for (const [property, propertyRules] of byProperty) {
      const existing = Reflect.getMetadata(API_MODEL_PROPERTIES, target.prototype, property) as PropertyDocs | undefined;
      const derived = documentedRules(propertyRules);
      const docs: PropertyDocs = { ...derived, ...existing };
      if (derived.type === 'integer' && (existing?.type === Number || existing?.type === 'number')) docs.type = 'integer';
      if (existing === undefined) docs.required = !propertyRules.some((rule) => rule.type === 'conditionalValidation');
      ApiProperty(docs)(target.prototype, property);
    }
  }
}

function documentedRules(rules: readonly ValidationMetadata[]): PropertyDocs {
  const docs: PropertyDocs = {};
  for (const rule of rules) {
    if (rule.each) continue;
    const [first, second] = (rule.constraints ?? []) as unknown[];
    switch (rule.name) {
      case 'isInt':
        docs.type = 'integer';
        break;
      case 'isBoolean':
        docs.type = 'boolean';
        break;
      case 'isString':
        docs.type ??= 'string';
        break;
      case 'min':
        docs.minimum = first;
        break;
      case 'max':
        docs.maximum = first;
        break;
      case 'isLength':
        docs.minLength = first;
        if (second !== undefined) docs.maxLength = second;
        break;
      case 'minLength':
        docs.minLength = first;
        break;
      case 'maxLength':
        docs.maxLength = first;
        break;
      case 'matches':
        if (first instanceof RegExp) docs.pattern = first.source;
        break;
      case 'isIn':
        docs.enum = first;
        break;
      case 'arrayMinSize':
        docs.minItems = first;
        break;
      case 'arrayMaxSize':
        docs.maxItems = first;
        break;
      case 'isISO4217CurrencyCode':
        docs.enum = [...CurrencyCodes];
        break;
      case 'isCalendarDay':
        docs.format = 'date';
        docs.type ??= 'string';
        break;
    }
  }
  return docs;
}
