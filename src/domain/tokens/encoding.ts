/** Digits, then UPPER, then lower: GitHub's base62 alphabet (forges.md §1.1; Go's `Text(62)` differs). */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `value` in base62, left-padded with `0` to `width` characters. */
export function toBase62(value: number, width: number): string {
  let rest = value;
  let out = '';
  do {
    out = BASE62_ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, '0');
}

/** `value` in lowercase base36 (Ruby's `to_s(36)`), left-padded with `0` to `width` characters. */
export function toBase36(value: number, width: number): string {
  return value.toString(36).padStart(width, '0');
}

/** `value` as 8 uppercase hexadecimal digits (Python's `format(v, '08X')`). */
export function toHex8(value: number): string {
  return value.toString(16).toUpperCase().padStart(8, '0');
}
