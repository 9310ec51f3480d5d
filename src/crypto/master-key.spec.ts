import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  encodeMasterKey,
  generateMasterKey,
  keyCheck,
  keyIdOf,
  masterKeyFromBase64,
  masterKeyFromBytes,
  verifyKeyCheck,
} from './master-key.js';

const BYTES = Buffer.alloc(32, 7);
const BASE64 = BYTES.toString('base64');

function unwrap<T>(result: { ok: true; value: T } | { ok: false }): T {
  if (!result.ok) throw new Error('expected ok');
  return result.value;
}

describe('key ids', () => {
  it('are derived: the same key always has the same 16-hex-digit id', () => {
    const a = unwrap(masterKeyFromBytes(BYTES));
    const b = unwrap(masterKeyFromBase64(BASE64));
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
    expect(b.id).toBe(a.id);
    expect(keyIdOf(BYTES)).toBe(a.id);
  });

  it('differ between keys', () => {
    expect(generateMasterKey().id).not.toBe(generateMasterKey().id);
  });
});

describe('masterKeyFromBytes', () => {
  it('rejects anything but 32 bytes', () => {
    for (const length of [0, 16, 31, 33, 64]) {
      const result = masterKeyFromBytes(Buffer.alloc(length));
      expect(result.ok ? 'ok' : result.error.code).toBe('master_key_invalid');
    }
  });

  it('keeps its own copy', () => {
    const bytes = Buffer.from(BYTES);
    const key = unwrap(masterKeyFromBytes(bytes));
    bytes.fill(0);
    expect(Buffer.from(key.key).equals(BYTES)).toBe(true);
  });
});

describe('masterKeyFromBase64', () => {
  it('accepts standard and URL-safe base64, with or without padding and whitespace', () => {
    const key = generateMasterKey();
    const text = encodeMasterKey(key);
    const urlSafe = Buffer.from(key.key).toString('base64url');
    for (const variant of [text, ` ${text}\n`, text.replace(/=+$/, ''), urlSafe]) {
      expect(unwrap(masterKeyFromBase64(variant)).id).toBe(key.id);
    }
  });

  it('rejects text that is not base64 without echoing it', () => {
    for (const text of ['not base64!', `${BASE64.slice(0, 20)}*${BASE64.slice(21)}`, 'a', '====']) {
      const result = masterKeyFromBase64(text);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('master_key_invalid');
      if (text.length >= 8) expect(JSON.stringify(result.error)).not.toContain(text);
    }
  });

  it('rejects base64 of the wrong length', () => {
    for (const length of [16, 31, 33, 48]) {
      const result = masterKeyFromBase64(Buffer.alloc(length, 1).toString('base64'));
      expect(result.ok ? 'ok' : result.error.code).toBe('master_key_invalid');
    }
  });
});

describe('key check values', () => {
  it('tell keys apart and confirm the right one', () => {
    const a = generateMasterKey();
    const b = generateMasterKey();
    expect(Buffer.from(keyCheck(a)).equals(Buffer.from(keyCheck(b)))).toBe(false);
    expect(Buffer.from(keyCheck(a)).equals(Buffer.from(keyCheck(a)))).toBe(true);
    expect(verifyKeyCheck(a, keyCheck(a)).ok).toBe(true);
    const mismatch = verifyKeyCheck(b, keyCheck(a));
    expect(mismatch.ok ? 'ok' : mismatch.error.code).toBe('master_key_mismatch');
  });

  it('is not the key id and does not accept a truncated value', () => {
    const key = generateMasterKey();
    expect(Buffer.from(keyCheck(key)).toString('hex').startsWith(key.id)).toBe(false);
    expect(verifyKeyCheck(key, keyCheck(key).subarray(0, 8)).ok).toBe(false);
  });
});

describe('printing a master key', () => {
  it('shows the id, never the key bytes', () => {
    const key = generateMasterKey();
    const hex = Buffer.from(key.key).toString('hex');
    const base64 = encodeMasterKey(key);
    for (const printed of [inspect(key), JSON.stringify(key), String(key), `${key}`, inspect({ key })]) {
      expect(printed).toContain(key.id);
      expect(printed).not.toContain(hex);
      expect(printed).not.toContain(base64);
      expect(printed).not.toMatch(/\b\d+, \d+, \d+/);
    }
  });
});
