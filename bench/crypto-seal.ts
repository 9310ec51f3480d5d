import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createKeyRing, generateMasterKey, open, seal, tokenAad } from '../src/crypto/index.js';
import { Secret } from '../src/domain/secret.js';
import { round } from './stats.js';
import type { Bench, BenchResult } from './types.js';

const OPS = Number(process.env.BENCH_CRYPTO_OPS ?? 50_000);
const ROUNDS = 5;
const token = new Secret(`ghp_${'a'.repeat(30)}000000`);
const context = { tokenId: '0190d5a8-7c1e-7000-8000-000000000001', ownerId: 'local', forge: 'github' };

/** Raw AES-256-GCM of the same token with the same associated data: one cipher, one fresh nonce. */
function rawSeal(key: Buffer, aad: Uint8Array): { nonce: Buffer; body: Buffer; tag: Buffer } {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  cipher.setAAD(aad);
  const body = cipher.update(token.reveal(), 'utf8');
  cipher.final();
  return { nonce, body, tag: cipher.getAuthTag() };
}

function rawOpen(key: Buffer, aad: Uint8Array, sealed: { nonce: Buffer; body: Buffer; tag: Buffer }): Secret {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: 16 });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.tag);
  const plain = decipher.update(sealed.body);
  decipher.final();
  return new Secret(plain.toString('utf8'));
}

function timePerOp(fn: () => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < OPS; i++) fn();
  return Number(process.hrtime.bigint() - start) / OPS / 1000;
}

/** Envelope seal/open against raw AES-256-GCM, alternating rounds in one process; best round of each. */
export const cryptoSeal: Bench = {
  id: 'crypto-seal',
  async run(): Promise<BenchResult> {
    const ring = createKeyRing(generateMasterKey());
    const rawKey = randomBytes(32);
    const sealed = seal(token, context, ring);
    const rawSealed = rawSeal(rawKey, tokenAad(context));
    const times = {
      rawSeal: [] as number[],
      seal: [] as number[],
      rawOpen: [] as number[],
      open: [] as number[],
    };
    for (let r = 0; r < ROUNDS; r++) {
      times.rawSeal.push(timePerOp(() => rawSeal(rawKey, tokenAad(context))));
      times.seal.push(timePerOp(() => seal(token, context, ring)));
      times.rawOpen.push(timePerOp(() => rawOpen(rawKey, tokenAad(context), rawSealed)));
      times.open.push(timePerOp(() => open(sealed, context, ring)));
    }
    const best = (samples: number[]) => Math.min(...samples);
    const sealRatio = best(times.seal) / best(times.rawSeal);
    const openRatio = best(times.open) / best(times.rawOpen);
    const ratio = Math.max(sealRatio, openRatio);
    const cell = (us: number) => [String(round(us, 2)), String(Math.round(1e6 / us).toLocaleString('en'))];
    return {
      title: 'Envelope encryption: seal / open against raw AES-256-GCM',
      issue: 3,
      method: `${OPS.toLocaleString('en')} operations per round, ${ROUNDS} alternating rounds in one process, best round of each. Raw = one AES-256-GCM call with a fresh nonce and the same associated data; seal = fresh data key + token encryption + data-key wrap; open = unwrap + decrypt + Secret. seal ${round(sealRatio, 2)}×, open ${round(openRatio, 2)}×.`,
      columns: ['µs / op', 'ops / s'],
      rows: [
        { what: 'baseline: raw AES-256-GCM encrypt', cells: cell(best(times.rawSeal)) },
        { what: '`seal` (envelope)', cells: cell(best(times.seal)) },
        { what: 'baseline: raw AES-256-GCM decrypt', cells: cell(best(times.rawOpen)) },
        { what: '`open` (envelope)', cells: cell(best(times.open)) },
      ],
      ratio,
      ratioLabel: 'worse of seal, open / raw',
      target: 'overhead under 2×',
      met: ratio < 2,
    };
  },
};
