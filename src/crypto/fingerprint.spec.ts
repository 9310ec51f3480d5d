import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { seal } from './envelope.js';
import {
  fingerprint,
  generateFingerprintKey,
  unwrapFingerprintKey,
  wrapFingerprintKey,
} from './fingerprint.js';
import { makeContext, makeRing, makeSecret } from './fixtures.js';
import { generateMasterKey } from './master-key.js';

describe('fingerprint', () => {
  const key = generateFingerprintKey();

  it('is stable for equal tokens and 64 hex digits long', () => {
    const a = fingerprint(makeSecret('ghp_AAAA'), key);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint(makeSecret('ghp_AAAA'), key)).toBe(a);
  });

  it('differs for different tokens', () => {
    expect(fingerprint(makeSecret('ghp_AAAA'), key)).not.toBe(fingerprint(makeSecret('ghp_AAAB'), key));
  });

  it('differs under another fingerprint key', () => {
    const other = generateFingerprintKey();
    expect(fingerprint(makeSecret(), key)).not.toBe(fingerprint(makeSecret(), other));
  });

  it('is not a plain hash of the token', () => {
    const secret = makeSecret();
    const plain = createHash('sha256').update(secret.reveal()).digest('hex');
    expect(fingerprint(secret, key)).not.toBe(plain);
  });
});

describe('fingerprint key storage', () => {
  const k1 = generateMasterKey();
  const k2 = generateMasterKey();

  it('survives a wrap and unwrap', () => {
    const key = generateFingerprintKey();
    const stored = wrapFingerprintKey(key, k1);
    expect(stored.keyId).toBe(k1.id);
    const loaded = unwrapFingerprintKey(stored, makeRing(k1));
    if (!loaded.ok) throw new Error(loaded.error.code);
    expect(fingerprint(makeSecret(), loaded.value)).toBe(fingerprint(makeSecret(), key));
  });

  it('keeps fingerprints stable across master-key rotation', () => {
    const key = generateFingerprintKey();
    const before = fingerprint(makeSecret(), key);
    const underK1 = unwrapFingerprintKey(wrapFingerprintKey(key, k1), makeRing(k2, [k1]));
    if (!underK1.ok) throw new Error(underK1.error.code);
    const underK2 = unwrapFingerprintKey(wrapFingerprintKey(underK1.value, k2), makeRing(k2));
    if (!underK2.ok) throw new Error(underK2.error.code);
    expect(fingerprint(makeSecret(), underK2.value)).toBe(before);
  });

  it('reports a mismatch when the master key is not the one it was wrapped with', () => {
    const stored = wrapFingerprintKey(generateFingerprintKey(), k1);
    const missing = unwrapFingerprintKey(stored, makeRing(k2));
    expect(missing.ok ? 'ok' : missing.error.code).toBe('master_key_mismatch');
    const impostor = unwrapFingerprintKey(stored, makeRing({ id: k1.id, key: k2.key }));
    expect(impostor.ok ? 'ok' : impostor.error.code).toBe('master_key_mismatch');
  });

  it("does not accept a token's wrapped data key as a fingerprint key", () => {
    const sealed = seal(makeSecret(), makeContext(), makeRing(k1));
    const result = unwrapFingerprintKey({ keyId: sealed.keyId, wrappedKey: sealed.wrappedKey }, makeRing(k1));
    expect(result.ok).toBe(false);
  });

  it('prints a mask', () => {
    const key = generateFingerprintKey();
    expect(inspect(key)).toBe('FingerprintKey(…)');
    expect(String(key)).toBe('FingerprintKey(…)');
    expect(JSON.stringify({ key })).toBe('{"key":"FingerprintKey(…)"}');
  });
});
