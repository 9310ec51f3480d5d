/**
 * CRC-32 as zlib, Python's `zlib.crc32` and Ruby's `Zlib.crc32` compute it (IEEE 802.3, reflected
 * polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF). Every checksummed token format in
 * forges.md (§1.1, §2.1, §3.2) is built on it. Written in TypeScript because `node:zlib.crc32`
 * does not exist on Node 20.19 and domain code imports no Node modules.
 */
const POLYNOMIAL = 0xedb88320;

const TABLE: Uint32Array = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** The unsigned CRC-32 of bytes, or of a string's UTF-8 bytes (tokens are ASCII, so one byte a character). */
export function crc32(input: string | Uint8Array): number {
  const bytes = typeof input === 'string' ? utf8(input) : input;
  let crc = 0xffffffff;
  for (const byte of bytes) crc = TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function utf8(text: string): Uint8Array {
  // ASCII fast path: every token is ASCII once cleaned; no encoder allocation needed.
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return new TextEncoder().encode(text);
    bytes[i] = code;
  }
  return bytes;
}
