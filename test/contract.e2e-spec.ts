import { randomUUID } from 'node:crypto';
import { TestApp, type TestResponse } from '@gomart/testing';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { GomartModule } from '../apps/gomart/src/gomart.module';
import { asParameterValue, invalidValues, resolverOf, valid, type Hints, type Resolve, type Schema } from './contract/schema-arbitrary';

/**
 * The OpenAPI document the shop serves, taken as a contract and tested against the running
 * shop. For every operation, requests are generated from the document: schema-valid ones
 * (every parameter and body field within its documented type, bounds and pattern; ids partly
 * drawn from real products, orders and slot holds so the success paths run too) and
 * schema-invalid ones (one parameter or field broken, a required field missing, an unknown
 * field). Each answer must have a status the operation documents, a body that validates
 * against the schema documented for that status, and never a 5xx. A schema-valid request
 * must not be refused as VALIDATION_FAILED (the document would be stricter than the server),
 * except for the rules across fields that a schema cannot say (listed below); a schema-invalid
 * one must be refused with a 400 (the server would be looser than the document).
 *
 * Generation is seeded (CONTRACT_SEED, default 17) so a run is repeatable; CONTRACT_RUNS
 * (default 12) is the number of valid and of invalid requests per operation.
 */
const SEED = Number(process.env.CONTRACT_SEED ?? 17);
const RUNS = Number(process.env.CONTRACT_RUNS ?? 12);

/** Rules that tie fields together, which a JSON schema (OpenAPI 3.0) does not express: the fields they may name. */
const CROSS_FIELD_RULES: Readonly<Record<string, readonly string[]>> = {
  // priceCents for products sold each; pricePerKgCents and averageUnitGrams for products sold by weight.
  createProduct: ['priceCents', 'pricePerKgCents', 'averageUnitGrams'],
  updateProduct: ['priceCents', 'pricePerKgCents', 'averageUnitGrams'],
  // grams for items sold by weight; a substitute product for a substituted line.
  pickOrderLine: ['grams', 'substituteProductId'],
  // Each product once per order.
  placeOrder: ['lines'],
  // from ≤ to, at most 366 days.
  getDashboard: ['from', 'to'],
  getSalesByDay: ['from', 'to'],
  getTopProducts: ['from', 'to'],
  getAisleSales: ['from', 'to'],
  getStockAlerts: ['from', 'to'],
  getSlotUtilisation: ['from', 'to'],
  getPickingFigures: ['from', 'to'],
  // minPriceCents ≤ maxPriceCents.
  listProducts: ['minPriceCents', 'maxPriceCents'],
};

type Role = 'admin' | 'customer' | 'none';
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly schema: Schema;
}

interface Response {
  readonly description: string;
  readonly content?: Record<string, { schema?: Schema }>;
}

interface Operation {
  readonly operationId: string;
  readonly parameters?: Parameter[];
  readonly requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  readonly responses: Record<string, Response>;
  readonly security?: unknown[];
}

interface Endpoint {
  readonly method: Method;
  readonly path: string;
  readonly operation: Operation;
}

interface GeneratedRequest {
  readonly pathParams: Record<string, string>;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
  readonly role: Role;
  /** What was broken, for an invalid request. */
  readonly broken?: string;
}

let shop: TestApp;
let document: { paths: Record<string, Partial<Record<Method, Operation>>>; components: { schemas: Record<string, Schema> } };
let resolve: Resolve;
let ajv: Ajv;
let coercing: Ajv;
let tokens: Record<Role, string | undefined>;
let hints: Hints;
let pathPools: Record<string, string[]>;
const validators = new Map<string, ValidateFunction>();

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, {
    env: { SEED_PRODUCT_COUNT: '60', RATE_LIMIT_MAX: '0', RATE_LIMIT_ORDERS_MAX: '0', RATE_LIMIT_SEARCH_MAX: '0' },
  });
  document = (await shop.request('/docs-json')).body;
  resolve = resolverOf(document.components.schemas);
  ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  coercing = new Ajv({ strict: false, coerceTypes: true });
  addFormats(coercing);
  tokens = { admin: shop.token('contract-admin', ['admin']), customer: shop.token('contract-customer'), none: undefined };
  hints = await realIds();
}, 120_000);

afterAll(() => shop?.close());

/** Real products, a slot, a slot hold and an order, so that generated requests also find things. */
async function realIds(): Promise<Hints> {
  const products = ((await shop.request('/catalog/products?limit=50&inStock=true')).body.items as { id: string }[]).map((item) => item.id);
  const slots = (await shop.request('/fulfilment/slots?postcode=2000')).body.items as { id: string; bookable: boolean }[];
  const slotIds = slots.filter((slot) => slot.bookable).map((slot) => slot.id);
  const holds: string[] = [];
  for (const slotId of slotIds.slice(0, 3)) {
    const hold = await shop.request('/fulfilment/slot-holds', { method: 'POST', token: tokens.admin, body: { slotId } });
    if (hold.status === 201) holds.push(hold.body.id as string);
  }
  const orders: string[] = [];
  for (const productId of products.slice(0, 3)) {
    const placed = await shop.request('/orders', {
      method: 'POST',
      token: tokens.admin,
      headers: { 'idempotency-key': randomUUID() },
      body: { lines: [{ productId, quantity: 1 }] },
    });
    if (placed.status === 201) orders.push(placed.body.id as string);
  }
  expect(products.length).toBeGreaterThan(10);
  expect(orders.length).toBeGreaterThan(0);
  pathPools = { '/catalog/products/': products, '/orders/': orders, '/fulfilment/slot-holds/': holds };
  const today = new Date().toISOString().slice(0, 10);
  return {
    productId: products,
    substituteProductId: products,
    slotId: slotIds,
    slotHoldId: holds,
    postcode: ['2000', '2010', '3000'],
    day: [today],
    from: [today],
    to: [today],
  };
}

function endpoints(): Endpoint[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (Object.entries(item) as [Method, Operation][]).map(([method, operation]) => ({ method, path, operation })),
  );
}

const secured = (operation: Operation) => (operation.security?.length ?? 0) > 0;
const bodySchemaOf = (operation: Operation) => operation.requestBody?.content['application/json']?.schema;

/** A path parameter: mostly a real id of the kind the path names, sometimes any string at all. */
function pathValue(path: string, name: string): fc.Arbitrary<string> {
  const prefix = name === 'productId' ? '/catalog/products/' : Object.keys(pathPools).find((candidate) => path.startsWith(candidate));
  const pool = prefix ? (pathPools[prefix] ?? []) : [];
  const any = fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,24}$/), fc.string({ minLength: 1, maxLength: 30 }));
  return pool.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: any }) : any;
}

function validRequest(endpoint: Endpoint): fc.Arbitrary<GeneratedRequest> {
  const { operation, path } = endpoint;
  const parameters = operation.parameters ?? [];
  const record = (where: Parameter['in']) => {
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    const required: string[] = [];
    for (const parameter of parameters.filter((candidate) => candidate.in === where)) {
      fields[parameter.name] =
        where === 'path'
          ? pathValue(path, parameter.name)
          : valid(parameter.schema, resolve, hints, parameter.name)
              .map(asParameterValue)
              // A header travels as Latin-1 bytes (fetch refuses more): a free-text header such as If-None-Match gets printable ASCII.
              .map((value) => (where === 'header' ? value.replace(/[^\x20-\x7e]/g, 'x') : value));
      if (parameter.required || where === 'path') required.push(parameter.name);
    }
    return fc.record(fields, { requiredKeys: required }) as fc.Arbitrary<Record<string, string>>;
  };
  const bodySchema = bodySchemaOf(operation);
  const roles: Role[] = secured(operation) ? ['admin', 'admin', 'admin', 'admin', 'customer', 'none'] : ['none'];
  return fc.record({
    pathParams: record('path'),
    query: record('query'),
    headers: record('header'),
    body: bodySchema ? valid(bodySchema, resolve, hints) : fc.constant(undefined),
    role: fc.constantFrom(...roles),
  });
}

/** The ways a valid request of this operation can be broken, each as a function of the valid request. */
function breakages(endpoint: Endpoint): { readonly what: string; readonly apply: (request: GeneratedRequest) => GeneratedRequest }[] {
  const ways: { what: string; apply: (request: GeneratedRequest) => GeneratedRequest }[] = [];
  for (const parameter of endpoint.operation.parameters ?? []) {
    if (parameter.in === 'path') continue;
    const where = parameter.in === 'query' ? 'query' : 'headers';
    const schema = resolve(parameter.schema);
    for (const value of invalidValues(schema, resolve).map(asParameterValue)) {
      // Query strings and headers are text: "42" is a fine string, so keep only what stays invalid as text.
      if (coercing.validate(schema, value)) continue;
      ways.push({ what: `${parameter.in} ${parameter.name}=${JSON.stringify(value)}`, apply: (request) => ({ ...request, [where]: { ...request[where], [parameter.name]: value } }) });
    }
    if (parameter.required) {
      ways.push({
        what: `${parameter.in} ${parameter.name} missing`,
        apply: (request) => {
          const values = { ...request[where] };
          delete values[parameter.name];
          return { ...request, [where]: values };
        },
      });
    }
  }
  const bodySchema = bodySchemaOf(endpoint.operation);
  if (bodySchema) {
    const body = resolve(bodySchema);
    ways.push({ what: 'body is a list', apply: (request) => ({ ...request, body: [request.body] }) });
    ways.push({ what: 'body is a string', apply: (request) => ({ ...request, body: 'text' }) });
    if (body.additionalProperties === false) {
      ways.push({ what: 'body has an unknown field', apply: (request) => ({ ...request, body: { ...(request.body as object), unexpectedField: 1 } }) });
    }
    for (const name of body.required ?? []) {
      ways.push({
        what: `body.${name} missing`,
        apply: (request) => {
          const values = { ...(request.body as Record<string, unknown>) };
          delete values[name];
          return { ...request, body: values };
        },
      });
    }
    for (const [name, property] of Object.entries(body.properties ?? {})) {
      for (const value of invalidValues(property, resolve)) {
        ways.push({ what: `body.${name}=${JSON.stringify(value)}`, apply: (request) => ({ ...request, body: { ...(request.body as object), [name]: value } }) });
      }
      const items = resolve(property).items;
      const item = items && resolve(items);
      for (const [inner, innerSchema] of Object.entries(item?.properties ?? {})) {
        for (const value of invalidValues(innerSchema, resolve)) {
          ways.push({
            what: `body.${name}[0].${inner}=${JSON.stringify(value)}`,
            apply: (request) => {
              const values = request.body as Record<string, unknown>;
              const list = [...((values[name] as object[] | undefined) ?? [{}])];
              list[0] = { ...list[0], [inner]: value };
              return { ...request, body: { ...values, [name]: list } };
            },
          });
        }
      }
    }
  }
  return ways;
}

function invalidRequest(endpoint: Endpoint): fc.Arbitrary<GeneratedRequest> | undefined {
  const ways = breakages(endpoint);
  if (ways.length === 0) return undefined;
  return fc
    .tuple(validRequest(endpoint), fc.constantFrom(...ways))
    .map(([request, way]) => ({ ...way.apply({ ...request, role: secured(endpoint.operation) ? 'admin' : 'none' }), broken: way.what }));
}

async function send(endpoint: Endpoint, request: GeneratedRequest): Promise<{ url: string; response: TestResponse }> {
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(request.pathParams[name] ?? 'x'));
  const query = new URLSearchParams(request.query).toString();
  const url = query ? `${path}?${query}` : path;
  const headers = { ...request.headers };
  if (endpoint.method === 'post' && endpoint.path === '/orders' && !request.broken?.includes('idempotency-key')) {
    // A fresh key per generated order: a repeated key with a different body is its own documented answer (422).
    headers['Idempotency-Key'] ??= randomUUID();
  }
  const response = await shop.request(url, {
    method: endpoint.method.toUpperCase(),
    token: tokens[request.role],
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  return { url, response };
}

function validatorOf(key: string, schema: Schema): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ ...schema, components: document.components });
    validators.set(key, validate);
  }
  return validate;
}

/** What is wrong with an answer, judged against the document; empty when nothing is. */
function problemsOf(endpoint: Endpoint, request: GeneratedRequest, response: TestResponse): string[] {
  const { status } = response;
  const { operation } = endpoint;
  const problems: string[] = [];
  if (status >= 500) problems.push(`answered ${status} ${response.text.slice(0, 200)}`);
  const documented = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default;
  if (!documented) return [...problems, `status ${status} is not documented (${response.body?.code ?? response.text.slice(0, 80)})`];
  const type = response.headers.get('content-type') ?? '';
  const schema = documented.content?.['application/json']?.schema;
  if (type.startsWith('application/json')) {
    if (!schema) problems.push(`${status} has a JSON body but the document gives it none`);
    else {
      const validate = validatorOf(`${operation.operationId} ${status}`, schema);
      if (!validate(response.body)) problems.push(`${status} body does not match its schema: ${ajv.errorsText(validate.errors)} in ${response.text.slice(0, 300)}`);
    }
  } else if (response.text && !documented.content?.[type.split(';')[0] ?? '']) {
    problems.push(`${status} answered ${type || 'no content type'}, not documented`);
  }
  if (request.broken === undefined && status === 400 && response.body?.code === 'VALIDATION_FAILED') {
    const allowed = CROSS_FIELD_RULES[operation.operationId] ?? [];
    const fields = ((response.body.details?.fields ?? []) as { field: string; problems: string[] }[]).filter(
      ({ field }) => !allowed.includes(field.split('.')[0] ?? field),
    );
    if (fields.length) problems.push(`a schema-valid request was refused: ${JSON.stringify(fields)}`);
  }
  if (request.broken !== undefined && status < 400) problems.push(`a schema-invalid request (${request.broken}) was accepted with ${status}`);
  if (request.broken !== undefined && status !== 400 && status < 500) {
    problems.push(`a schema-invalid request (${request.broken}) was answered ${status} ${response.body?.code ?? ''}, not 400`);
  }
  return problems;
}

it('answers every generated request, valid or not, as the document says', async () => {
  const found = new Map<string, string[]>();
  let sent = 0;
  const tally = new Map<string, number>();
  for (const endpoint of endpoints()) {
    const generators = [validRequest(endpoint), invalidRequest(endpoint)].filter((arbitrary) => arbitrary !== undefined);
    for (const arbitrary of generators) {
      for (const request of fc.sample(arbitrary, { numRuns: RUNS, seed: SEED })) {
        const { url, response } = await send(endpoint, request);
        sent += 1;
        const kind = `${request.broken === undefined ? 'valid' : 'invalid'} ${response.status}`;
        tally.set(kind, (tally.get(kind) ?? 0) + 1);
        if (process.env.CONTRACT_VERBOSE && request.broken === undefined && response.status === 400) {
          process.stdout.write(`${endpoint.operation.operationId} ${response.body?.code} ${JSON.stringify(response.body?.details?.fields?.map((f: { field: string }) => f.field))}\n`);
        }
        for (const problem of problemsOf(endpoint, request, response)) {
          const key = `${endpoint.operation.operationId}: ${problem.replace(/ in \{.*$/, '')}`;
          if (!found.has(key)) found.set(key, [`${endpoint.method.toUpperCase()} ${url} as ${request.role} ${JSON.stringify(request.body ?? null).slice(0, 200)}`]);
        }
      }
    }
  }
  if (process.env.CONTRACT_VERBOSE) process.stdout.write(`${sent} requests: ${JSON.stringify(Object.fromEntries([...tally].sort()))}\n`);
  const report = [...found].map(([problem, [example]]) => `${problem}\n    e.g. ${example}`);
  expect(sent).toBeGreaterThan(endpoints().length * RUNS);
  expect(report).toEqual([]);
}, 600_000);
