import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A Bloom filter of the product ids a relevance paging has shown so far, carried in its cursor.
 * A Bloom filter never forgets an id it holds, so a product already shown is never shown again,
 * whatever happened to the scores meanwhile; now and then it holds an id it was never given (a
 * false positive), and that product is skipped instead. 4096 bits and 4 hashes; measured on
 * SKU-like ids: 0.06% of products skipped after 200 shown, 0.2% after 300, 1% after 500, 7.5%
 * after 1000 (relevance pagings are shallow; name and price listings do not use it). Deflated,
 * the filter takes 160 characters after 20 products shown, 480 after 200, at most 690.
 */

const BITS = 4096;
const BYTES = BITS / 8;
const HASHES = 4;

/** FNV-1a, 32 bits, from a given offset basis (two bases give two independent hashes). */
function fnv1a(text: string, basis: number): number {
  let hash = basis;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Bit positions of an id, by double hashing. */
function positions(id: string): number[] {
  const first = fnv1a(id, 0x811c9dc5);
  const second = fnv1a(id, 0x050c5d1f) | 1;
  return Array.from({ length: HASHES }, (_, round) => ((first + Math.imul(round, second)) >>> 0) % BITS);
}

export class ShownFilter {
  private constructor(private readonly bits: Uint8Array) {}

  static empty(): ShownFilter {
    return new ShownFilter(new Uint8Array(BYTES));
  }

  /** The filter of an encoded string, or undefined if it is not one. */
  static decode(encoded: string): ShownFilter | undefined {
    try {
      const bits = inflateRawSync(Buffer.from(encoded, 'base64url'), { maxOutputLength: BYTES });
      return bits.length === BYTES ? new ShownFilter(new Uint8Array(bits)) : undefined;
    } catch {
      return undefined;
    }
  }

  encode(): string {
    return deflateRawSync(this.bits, { level: 9 }).toString('base64url');
  }

  /** A new filter holding these ids as well. */
  with(ids: Iterable<string>): ShownFilter {
    const bits = new Uint8Array(this.bits);
    for (const id of ids) {
      for (const position of positions(id)) bits[position >>> 3] = (bits[position >>> 3] ?? 0) | (1 << (position & 7));
    }
    return new ShownFilter(bits);
  }

  /** True for every id given, and for a few others. */
  has(id: string): boolean {
    return positions(id).every((position) => ((this.bits[position >>> 3] ?? 0) & (1 << (position & 7))) !== 0);
  }
}
