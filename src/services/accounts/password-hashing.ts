import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify } from '@node-rs/argon2';

/**
 * argon2id parameters. The defaults are the first of OWASP's equivalent argon2id configurations
 * (Password Storage Cheat Sheet): 19 MiB of memory, 2 passes, 1 lane — about 20–50 ms and 19 MiB
 * per hash on a server core, which makes offline guessing of a stolen hash expensive while a
 * login stays quick. Raising them later is safe: hashes carry their parameters, and a login with
 * an older hash rehashes it with the current ones.
 * https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id
 */
export interface Argon2Params {
  /** KiB. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const OWASP_ARGON2ID: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** `Algorithm.Argon2id`; the package's const enum cannot be imported under isolatedModules. */
const ARGON2ID = 2;

export interface PasswordHasher {
  /** An argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) with a fresh 16-byte salt. */
  hash(password: string): Promise<string>;
  /** false for a wrong password and for a hash that cannot be parsed. */
  verify(passwordHash: string, password: string): Promise<boolean>;
  /**
   * Spends the time of a real verification and answers false, for unknown or disabled users:
   * a login then takes as long whether or not the username exists.
   */
  verifyDummy(password: string): Promise<false>;
  /** true when `passwordHash` was made with other parameters than the current ones. */
  needsRehash(passwordHash: string): boolean;
}

export function createPasswordHasher(params: Argon2Params = OWASP_ARGON2ID): PasswordHasher {
  const options = { ...params, algorithm: ARGON2ID, outputLen: 32 } as const;
  // Made up front, so even the first login of an unknown user costs one verification, not a
  // hash plus a verification.
  const dummy = hash(randomBytes(32).toString('base64url'), options);
  dummy.catch(() => undefined); // a failure surfaces in verifyDummy, not as an unhandled rejection
  const verifyHash = async (passwordHash: string, password: string) => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  };
  return {
    hash: (password) => hash(password, options),
    verify: verifyHash,
    async verifyDummy(password) {
      await verifyHash(await dummy, password);
      return false;
    },
    needsRehash(passwordHash) {
      try {
        const used = parseOptions(passwordHash);
        return (
          used.algorithm !== ARGON2ID ||
          used.memoryCost !== params.memoryCost ||
          used.timeCost !== params.timeCost ||
          used.parallelism !== params.parallelism
        );
      } catch {
        return true;
      }
    },
  };
}
