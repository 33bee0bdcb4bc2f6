import { DomainError, ErrorCode } from '@gomart/contracts';

/**
 * Opaque pagination cursors over DynamoDB keys. A cursor names the listing that issued it
 * (`mode`) and is checked against the current request before use, so a client cannot steer
 * a query into another partition (another category, another customer's orders).
 */
export type ListingMode = string;

type Key = Record<string, string>;

export function encodeCursor(mode: ListingMode, key: Key): string {
  return Buffer.from(JSON.stringify({ m: mode, k: key })).toString('base64url');
}

/**
 * Decodes a cursor and checks it continues this listing (`accept` validates the key);
 * anything else is the client's mistake, reported on the `cursor` field.
 */
export function decodeCursor(mode: ListingMode, cursor: string, accept: (key: Key) => boolean): Key {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const { m, k } = (decoded ?? {}) as { m?: unknown; k?: unknown };
  if (m !== mode || !isKey(k) || !accept(k)) throw invalidCursor();
  return k;
}

function isKey(value: unknown): value is Key {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((part) => typeof part === 'string' && part.length > 0 && part.length <= 1024)
  );
}

function invalidCursor(): DomainError {
  return new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', {
    fields: [{ field: 'cursor', problems: ['cursor must be a nextCursor returned by this same listing'] }],
  });
}
