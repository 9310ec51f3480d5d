import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FkError } from '../domain/errors/error.js';
import type { Result } from '../domain/result.js';
import { Secret } from '../domain/secret.js';
import { open, rewrap, seal } from './envelope.js';
import { makeContext, makeRing, makeSecret } from './fixtures.js';
import { generateMasterKey } from './master-key.js';
import type { SealedSecret } from './types.js';

function opened(result: Result<Secret, FkError>): string {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
  return result.value.reveal();
}

function failure<T>(result: Result<T, FkError>): FkError {
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

function flipBit(bytes: Uint8Array, index: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

const BYTE_FIELDS = ['wrappedKey', 'nonce', 'ciphertext'] as const;

describe('seal and open', () => {
  it('round-trips a token', () => {
    const ring = makeRing();
    const secret = makeSecret();
    const sealed = seal(secret, makeContext(), ring);
    expect(opened(open(sealed, makeContext(), ring))).toBe(secret.reveal());
  });

  it('produces the documented shape', () => {
    const ring = makeRing();
    const secret = makeSecret();
    const sealed = seal(secret, makeContext(), ring);
    expect(sealed.keyId).toBe(ring.active.id);
    expect(sealed.nonce.length).toBe(12);
    expect(sealed.wrappedKey.length).toBe(12 + 32 + 16);
    expect(sealed.ciphertext.length).toBe(Buffer.byteLength(secret.reveal()) + 16);
    expect(Buffer.from(sealed.ciphertext).toString('latin1')).not.toContain(secret.reveal());
  });

  it('uses a fresh data key and nonces every time', () => {
    const ring = makeRing();
    const a = seal(makeSecret(), makeContext(), ring);
    const b = seal(makeSecret(), makeContext(), ring);
    expect(Buffer.from(a.nonce).equals(b.nonce)).toBe(false);
    expect(Buffer.from(a.wrappedKey).equals(b.wrappedKey)).toBe(false);
    expect(Buffer.from(a.ciphertext).equals(b.ciphertext)).toBe(false);
  });

  it('opens with any ring that holds the key, active or not', () => {
    const old = generateMasterKey();
    const sealed = seal(makeSecret(), makeContext(), makeRing(old));
    expect(opened(open(sealed, makeContext(), makeRing(generateMasterKey(), [old])))).toBe(
      makeSecret().reveal(),
    );
  });

  it('refuses text that UTF-8 cannot carry back unchanged, without echoing it', () => {
    expect(() => seal(new Secret('ghp_\uD800x'), makeContext(), makeRing())).toThrow(TypeError);
  });

  it('round-trips arbitrary strings (property)', () => {
    const ring = makeRing();
    const context = makeContext();
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 200 }));
    fc.assert(
      fc.property(text, (value) => {
        expect(opened(open(seal(new Secret(value), context, ring), context, ring))).toBe(value);
      }),
    );
  });
});

describe('open refuses anything tampered with', () => {
  const ring = makeRing();
  const context = makeContext();
  const sealed = seal(makeSecret(), context, ring);

  for (const field of BYTE_FIELDS) {
    it(`a flipped bit anywhere in ${field}`, () => {
      for (let index = 0; index < sealed[field].length; index++) {
        const tampered: SealedSecret = { ...sealed, [field]: flipBit(sealed[field], index) };
        const error = failure(open(tampered, context, ring));
        expect(error.code).toBe('token_undecryptable');
      }
    });

    it(`a truncated or extended ${field}`, () => {
      const bytes = sealed[field];
      for (const changed of [bytes.subarray(0, bytes.length - 1), Buffer.concat([bytes, Buffer.alloc(1)])]) {
        expect(failure(open({ ...sealed, [field]: changed }, context, ring)).code).toBe(
          'token_undecryptable',
        );
      }
    });
  }

  it('a ciphertext shorter than its tag, without throwing', () => {
    for (const length of [0, 1, 15]) {
      const error = failure(open({ ...sealed, ciphertext: new Uint8Array(length) }, context, ring));
      expect(error.details?.reason).toBe('malformed');
    }
  });

  it('a key id naming a key that is not loaded, and says which key is needed', () => {
    const error = failure(open({ ...sealed, keyId: '0123456789abcdef' }, context, ring));
    expect(error.code).toBe('token_undecryptable');
    expect(error.message).toContain('0123456789abcdef');
    expect(error.details).toMatchObject({ keyId: '0123456789abcdef', reason: 'key_not_loaded' });
  });

  it('a key id naming another loaded key', () => {
    const other = generateMasterKey();
    const both = makeRing(ring.active, [other]);
    expect(failure(open({ ...sealed, keyId: other.id }, context, both)).code).toBe('token_undecryptable');
  });

  it('a wrong master key under the right id', () => {
    const impostor = makeRing({ id: ring.active.id, key: generateMasterKey().key });
    const error = failure(open(sealed, context, impostor));
    expect(error.code).toBe('token_undecryptable');
    expect(error.details?.reason).toBe('key_unwrap_failed');
  });

  it('garbage of any shape, without throwing (property)', () => {
    const bytes = fc.uint8Array({ maxLength: 80 });
    fc.assert(
      fc.property(bytes, bytes, bytes, (wrappedKey, nonce, ciphertext) => {
        const result = open({ keyId: ring.active.id, wrappedKey, nonce, ciphertext }, context, ring);
        expect(failure(result).code).toBe('token_undecryptable');
      }),
    );
  });
});

describe('open refuses a sealed token moved to another row', () => {
  const ring = makeRing();
  const context = makeContext();
  const sealed = seal(makeSecret(), context, ring);

  it.each([
    ['token id', { tokenId: 'tok_02' }],
    ['owner', { ownerId: 'usr_02' }],
    ['forge', { forge: 'gitlab' }],
    ['split differently', { tokenId: 'tok_01u', ownerId: 'sr_01' }],
  ])('another %s', (_, overrides) => {
    expect(failure(open(sealed, makeContext(overrides), ring)).code).toBe('token_undecryptable');
  });

  it('parts swapped between two rows', () => {
    const otherContext = makeContext({ tokenId: 'tok_02' });
    const other = seal(makeSecret('glpat-FAKEfakeFAKEfake0000'), otherContext, ring);
    const mixed: SealedSecret[] = [
      { ...sealed, wrappedKey: other.wrappedKey },
      { ...sealed, ciphertext: other.ciphertext },
      { ...sealed, nonce: other.nonce, ciphertext: other.ciphertext },
      { ...other, keyId: sealed.keyId },
    ];
    for (const candidate of mixed) {
      expect(failure(open(candidate, context, ring)).code).toBe('token_undecryptable');
    }
  });
});

describe('rewrap', () => {
  const k1 = generateMasterKey();
  const k2 = generateMasterKey();
  const context = makeContext();
  const secret = makeSecret();

  it('moves the data key to the new master key without re-encrypting the token', () => {
    const sealed = seal(secret, context, makeRing(k1));
    const moved = rewrap(sealed, context, makeRing(k2, [k1]), k2.id);
    if (!moved.ok) throw new Error(moved.error.code);
    expect(moved.value.keyId).toBe(k2.id);
    expect(moved.value.ciphertext).toBe(sealed.ciphertext);
    expect(moved.value.nonce).toBe(sealed.nonce);
    expect(Buffer.from(moved.value.wrappedKey).equals(sealed.wrappedKey)).toBe(false);
    expect(opened(open(moved.value, context, makeRing(k2)))).toBe(secret.reveal());
    expect(failure(open(moved.value, context, makeRing(k1))).details?.reason).toBe('key_not_loaded');
  });

  it('checks the row binding on the way', () => {
    const sealed = seal(secret, context, makeRing(k1));
    const moved = rewrap(sealed, makeContext({ ownerId: 'usr_02' }), makeRing(k2, [k1]), k2.id);
    expect(failure(moved).code).toBe('token_undecryptable');
  });

  it('fails when the old key is not loaded', () => {
    const sealed = seal(secret, context, makeRing(k1));
    const error = failure(rewrap(sealed, context, makeRing(k2), k2.id));
    expect(error.code).toBe('token_undecryptable');
    expect(error.message).toContain(k1.id);
  });

  it('fails when the target key is not loaded', () => {
    const sealed = seal(secret, context, makeRing(k1));
    const error = failure(rewrap(sealed, context, makeRing(k1), k2.id));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(k2.id);
  });
});
