import { randomBytes } from 'node:crypto';

/**
 * Random bytes for ids, drawn from a pool filled 4 KiB at a time: one `randomBytes` call per id cost
 * a few µs of synchronous OpenSSL work, and a Refresh All makes one id per check (its audit event).
 * Same CSPRNG; ids are not secrets.
 */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function randomFromPool(length: number): Buffer {
  if (poolOffset + length > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + length);
  poolOffset += length;
  return bytes;
}

/** Makes record ids. */
export type IdGenerator = () => string;

/**
 * UUID version 7 ids (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter, then random
 * bits. Sorting the text sorts by creation time, so keyset paging by id follows insertion order
 * and index pages fill at the right edge. Ids made by one generator are strictly increasing even
 * within one millisecond (the counter, and the clock is never allowed to go backwards); ids from
 * different processes interleave by millisecond, which is all paging needs.
 */
export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  let lastMs = -1;
  let counter = 0;
  return () => {
    let ms = Math.max(now(), lastMs);
    if (ms === lastMs) {
      counter += 1;
      if (counter > 0xfff) {
        // 4,096 ids in one millisecond: borrow the next millisecond rather than repeat.
        ms += 1;
        counter = 0;
      }
    } else {
      counter = randomFromPool(2).readUInt16BE(0) & 0x7ff; // leave headroom before the overflow
    }
    lastMs = ms;
    return formatUuidV7(ms, counter, randomFromPool(8));
  };
}

function formatUuidV7(ms: number, counter: number, random: Buffer): string {
  const time = ms.toString(16).padStart(12, '0');
  const randA = (0x7000 | counter).toString(16);
  const variant = ((random[0]! & 0x3f) | 0x80).toString(16).padStart(2, '0');
  const rest = random.subarray(1).toString('hex');
  return `${time.slice(0, 8)}-${time.slice(8)}-${randA}-${variant}${rest.slice(0, 2)}-${rest.slice(2, 14)}`;
}
