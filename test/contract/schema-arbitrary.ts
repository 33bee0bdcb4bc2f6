import fc from 'fast-check';

/** The subset of OpenAPI 3.0 schema the shop's document uses for requests. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
}

export type Resolve = (schema: Schema) => Schema;

/** Resolves `#/components/schemas/X` against the document's components. */
export function resolverOf(schemas: Record<string, Schema>): Resolve {
  return (schema) => {
    let current = schema;
    for (let depth = 0; current.$ref; depth += 1) {
      if (depth > 10) throw new Error(`$ref loop at ${schema.$ref}`);
      const name = current.$ref.replace('#/components/schemas/', '');
      const target = schemas[name];
      if (!target) throw new Error(`unknown schema ${current.$ref}`);
      current = target;
    }
    return current;
  };
}

/** Extra values some properties should draw from, so valid requests also reach the success paths (real ids). */
export type Hints = Readonly<Record<string, readonly unknown[]>>;

/** Letters beyond ASCII, a combining accent and an astral emoji: the strings shoppers type. */
const UNIT = fc.oneof(
  { weight: 8, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom('é', 'ß', 'Ä', '你', 'ı', '😀', 'ó') },
);

const DAY_MS = 86_400_000;
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2028, 11, 31);

/**
 * Values that satisfy `schema`: every string within its length and pattern, every integer
 * within its bounds, every required property present and no property the schema does not
 * name. Arrays are kept short; strings without a bound stay under 40 characters.
 */
export function valid(schema: Schema, resolve: Resolve, hints: Hints = {}, name = ''): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const hinted = hints[name];
  const own = ownValid(s, resolve, hints);
  return hinted?.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hinted) }, { weight: 1, arbitrary: own }) : own;
}

function ownValid(s: Schema, resolve: Resolve, hints: Hints): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valid(s.items ?? {}, resolve, hints), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, Math.max(4, s.minItems ?? 0)) });
    case 'object':
    case undefined:
      if (s.properties) {
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, property] of Object.entries(s.properties)) record[key] = valid(property, resolve, hints, key);
        return fc.record(record, { requiredKeys: s.required ?? [] });
      }
      return s.type === 'object' ? fc.constant({}) : fc.string();
    default:
      return validString(s);
  }
}

function validString(s: Schema): fc.Arbitrary<string> {
  if (s.format === 'date') return fc.integer({ min: FROM / DAY_MS, max: TO / DAY_MS }).map((day) => new Date(day * DAY_MS).toISOString().slice(0, 10));
  if (s.format === 'date-time') return fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms).toISOString());
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Math.max(min, 40);
  const fits = (value: string) => {
    const length = [...value].length;
    return length >= min && length <= max;
  };
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern, 'u')).filter(fits);
  return fc.string({ unit: UNIT, minLength: min, maxLength: Math.min(max, min + 40) }).filter(fits);
}

/**
 * One way the value breaks its schema, as a JSON value: a wrong type, a value out of bounds,
 * a string that misses the pattern, a length over the limit, an impossible date. Undefined
 * when the schema accepts anything.
 */
export function invalidValues(schema: Schema, resolve: Resolve): unknown[] {
  const s = resolve(schema);
  const wrongs: unknown[] = [];
  if (s.enum) wrongs.push('not-one-of-these', 7);
  switch (s.type) {
    case 'integer':
      wrongs.push('abc', 1.5, true);
      if (s.minimum !== undefined) wrongs.push(s.minimum - 1);
      if (s.maximum !== undefined) wrongs.push(s.maximum + 1);
      break;
    case 'number':
      wrongs.push('abc');
      break;
    case 'boolean':
      wrongs.push('maybe', 3);
      break;
    case 'array':
      wrongs.push('not-a-list', 42);
      if (s.minItems) wrongs.push([]);
      break;
    case 'object':
      wrongs.push('text', 42, [1]);
      break;
    case 'string':
      if (!s.enum) {
        wrongs.push(42, true, { nested: 'object' });
        if (s.maxLength !== undefined) wrongs.push('x'.repeat(s.maxLength + 1));
        if (s.minLength) wrongs.push('');
        if (s.pattern) {
          const pattern = new RegExp(s.pattern, 'u');
          wrongs.push(...['!!', 'a b', '-', 'ZZZZ-ZZ', 'lower.case', '123', ''].filter((value) => !pattern.test(value)));
        }
        if (s.format === 'date') wrongs.push('2026-02-30', '2026-13-01', 'tomorrow', '20261201');
      }
      break;
  }
  return wrongs;
}

/** A query or header value as it travels: a string (or nothing, for an array value). */
export function asParameterValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}
