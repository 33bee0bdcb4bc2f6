import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { DeliveryAddress, StoredOrder } from '../order';
import { toStoredOrder } from '../order-record';

/** A customer's sealing key: personal fields of their archived orders are encrypted with it. */
export interface SealingKey {
  readonly kid: string;
  readonly key: Buffer;
  /** The customer's last erasure: personal data of an order last changed before it is never sealed. */
  readonly erasedAt?: string;
}

/** The personal data of an order: what erasure removes. */
interface PersonalFields {
  readonly email?: string;
  readonly deliveryAddress?: DeliveryAddress;
}

/**
 * One archived order, one JSON line. Personal fields are not stored in the clear: archive
 * objects are locked (Object Lock) for years, so erasing a customer's data from them is done
 * by deleting the key they are sealed with (crypto-shredding), not by rewriting the objects.
 */
const archivedRecord = z.object({
  v: z.literal(1),
  batchId: z.string(),
  archivedAt: z.string(),
  order: z.record(z.string(), z.unknown()),
  sealed: z.object({ kid: z.string(), data: z.string() }).optional(),
});
export type ArchivedRecord = z.infer<typeof archivedRecord>;

export function sealOrder(order: StoredOrder, key: SealingKey | undefined, batchId: string, archivedAt: string): ArchivedRecord {
  const { email, deliveryAddress, ...rest } = order;
  const personal: PersonalFields = { email, deliveryAddress };
  // A copy read before an erasure (the erasure also changed updatedAt, so the order stays hot): drop it.
  const erased = key?.erasedAt !== undefined && order.updatedAt <= key.erasedAt;
  const hasPersonal = !erased && (email !== undefined || deliveryAddress !== undefined);
  if (hasPersonal && !key) throw new Error(`order ${order.id}: personal data but no sealing key`);
  return {
    v: 1,
    batchId,
    archivedAt,
    order: rest,
    sealed: hasPersonal && key ? { kid: key.kid, data: seal(JSON.stringify(personal), key.key) } : undefined,
  };
}

/** The order as it was archived; its personal fields only when their key still exists. */
export function openRecord(record: ArchivedRecord, key: SealingKey | undefined): StoredOrder {
  const personal: PersonalFields =
    record.sealed && key && key.kid === record.sealed.kid ? (JSON.parse(unseal(record.sealed.data, key.key)) as PersonalFields) : {};
  return toStoredOrder({ ...record.order, ...personal });
}

/** Each record is its own gzip member: the concatenation is one valid .gz file, and one order can be read by its byte range. */
export function encodeMember(record: ArchivedRecord): Buffer {
  return gzipSync(`${JSON.stringify(record)}\n`);
}

export function decodeMember(member: Buffer): ArchivedRecord {
  return archivedRecord.parse(JSON.parse(gunzipSync(member).toString('utf8')));
}

/** Every record of a whole object (all members). */
export function decodeObject(body: Buffer): ArchivedRecord[] {
  return gunzipSync(body)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => archivedRecord.parse(JSON.parse(line)));
}

export function newSealingKey(): SealingKey {
  return { kid: randomBytes(8).toString('hex'), key: randomBytes(32) };
}

function seal(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
}

function unseal(sealed: string, key: Buffer): string {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}
