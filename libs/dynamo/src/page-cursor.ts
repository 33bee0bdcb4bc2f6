import { DomainError, ErrorCode } from '@gomart/contracts';

/**
 * Opaque pagination cursors over DynamoDB keys. A cursor names the listing that issued it
 * (`mode`) and is checked against the current request before use: exactly the key attributes
 * of that listing, each a short string, and a partition the caller may read (`accept`). So a
 * client cannot steer a query into another partition, and a tampered cursor is a 400, never a
 * failed query.
 */
export type CursorKey = Readonly<Record<string, string>>;

const MAX_PART_LENGTH = 1024;

export function encodeCursor(mode: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify({ m: mode, k: key })).toString('base64url');
}

export function decodeCursor(
  mode: string,
  cursor: string,
  keyNames: readonly string[],
  accept: (key: CursorKey) => boolean = () => true,
): CursorKey {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof decoded !== 'object' || decoded === null) throw invalidCursor();
  const { m, k, ...rest } = decoded as { m?: unknown; k?: unknown };
  if (m !== mode || Object.keys(rest).length > 0 || !isKeyOf(k, keyNames) || !accept(k)) throw invalidCursor();
  return k;
}

function isKeyOf(value: unknown, keyNames: readonly string[]): value is CursorKey {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length === keyNames.length &&
    entries.every(([name, part]) => keyNames.includes(name) && typeof part === 'string' && part.length > 0 && part.length <= MAX_PART_LENGTH)
  );
}

/** INVALID_CURSOR, with the `cursor` field named as a VALIDATION_FAILED would. */
export function invalidCursor(): DomainError {
  return new DomainError(ErrorCode.INVALID_CURSOR, 'The cursor is not one this listing issued; start the listing again.', {
    fields: [{ field: 'cursor', problems: ['cursor must be a nextCursor returned by this same listing'] }],
  });
}
