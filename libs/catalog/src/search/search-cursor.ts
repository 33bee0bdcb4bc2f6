import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SearchQuery } from './product-search';
import { InvalidCursorError } from './search-errors';
import { normalizeText } from './text-analysis';

/**
 * Page cursors: opaque base64url strings carrying where the previous page ended (its last
 * product's sort values and id, for relevance also the ids just before it and a filter of the
 * ids shown so far) and when the first page was served (see pagination.ts for their use). A cursor is bound to its query by a fingerprint and signed with an HMAC, so
 * an edited cursor, one cut short, or one from another listing is refused rather than read.
 *
 * The signing key should come from configuration and be the same on every instance (a cursor
 * from one task is used on the next). Without one, a built-in key still catches edits and
 * foreign cursors; a forged cursor could only ask for an odd page, never for data it could not
 * list anyway.
 */

export type SortValue = number | string;

export interface CursorState {
  /** Server time (ms) at which the first page of this listing was served. */
  readonly servedAt: number;
  /** Sort values of the last product shown. */
  readonly values: readonly SortValue[];
  /** Id of the last product shown. */
  readonly id: string;
  /** Ids of the last few products shown, last first, for re-anchoring a relevance listing. */
  readonly anchors: readonly string[];
  /** Relevance only: the encoded filter of the products shown so far (shown-filter.ts). */
  readonly shown?: string;
}

const VERSION = 1;
const MAC_BYTES = 16;
const MAX_CURSOR_LENGTH = 4096;
const MAX_VALUES = 4;
const MAX_ANCHORS = 4;
const MAX_TEXT = 512;
const MAX_SHOWN = 1024;
const DEFAULT_KEY = 'gomart-search-cursor-v1';

interface Payload {
  readonly v: number;
  readonly f: string;
  readonly t: number;
  readonly k: readonly SortValue[];
  readonly i: string;
  readonly a: readonly string[];
  readonly s?: string;
}

/** What a cursor must belong to: the text, filters and sort, not the page size. */
export function queryFingerprint(query: SearchQuery): string {
  const parts = [
    query.q === undefined ? null : normalizeText(query.q).replace(/\s+/g, ' '),
    query.category ?? null,
    query.brand === undefined ? null : normalizeText(query.brand),
    query.minPriceCents ?? null,
    query.maxPriceCents ?? null,
    query.inStock === true,
    query.sort,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

export class CursorCodec {
  private readonly key: Buffer;

  constructor(secret: string | Buffer = DEFAULT_KEY) {
    this.key = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, 'utf8');
  }

  encode(fingerprint: string, state: CursorState): string {
    const payload: Payload = {
      v: VERSION,
      f: fingerprint,
      t: state.servedAt,
      k: state.values,
      i: state.id,
      a: state.anchors.slice(0, MAX_ANCHORS),
      ...(state.shown === undefined ? {} : { s: state.shown }),
    };
    const body = Buffer.from(JSON.stringify(payload), 'utf8');
    return Buffer.concat([this.mac(body), body]).toString('base64url');
  }

  /** The state of a cursor issued for this fingerprint; throws InvalidCursorError otherwise. */
  decode(cursor: string, fingerprint: string): CursorState {
    if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
      throw new InvalidCursorError('not a base64url string of a sane length');
    }
    const bytes = Buffer.from(cursor, 'base64url');
    const mac = bytes.subarray(0, MAC_BYTES);
    const body = bytes.subarray(MAC_BYTES);
    if (mac.length !== MAC_BYTES || !timingSafeEqual(mac, this.mac(body)))
      throw new InvalidCursorError('signature mismatch');
    const payload = parsePayload(body);
    if (payload.f !== fingerprint) throw new InvalidCursorError('issued for another query');
    const state = { servedAt: payload.t, values: payload.k, id: payload.i, anchors: payload.a };
    return payload.s === undefined ? state : { ...state, shown: payload.s };
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, MAC_BYTES);
  }
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_TEXT;
const isSortValue = (value: unknown): value is SortValue =>
  (typeof value === 'number' && Number.isFinite(value)) || isText(value);

/** A signed body is ours, but is still checked: a key shared with an older version must not crash a listing. */
function parsePayload(body: Buffer): Payload {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InvalidCursorError('not JSON');
  }
  const { v, f, t, k, i, a, s } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const valid =
    v === VERSION &&
    isText(f) &&
    typeof t === 'number' &&
    Number.isFinite(t) &&
    t >= 0 &&
    Array.isArray(k) &&
    k.length <= MAX_VALUES &&
    k.every(isSortValue) &&
    isText(i) &&
    i.length > 0 &&
    Array.isArray(a) &&
    a.length <= MAX_ANCHORS &&
    a.every(isText) &&
    (s === undefined || (typeof s === 'string' && s.length <= MAX_SHOWN));
  if (!valid) throw new InvalidCursorError('unexpected shape');
  return s === undefined ? { v, f, t, k, i, a } : { v, f, t, k, i, a, s };
}
