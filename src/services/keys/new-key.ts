import { resolve } from 'node:path';
import { masterKeyFromBase64 } from '../../crypto/index.js';
import { readKeyFile } from '../../crypto/key-file.js';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { SourcedKey } from './key-sources.js';
import type { NewKeyInput } from './types.js';

/**
 * The new master key an operator supplies (configured mode): from an environment variable they
 * name, or a key file with the same rules as FORGEKEEPER_MASTER_KEY_FILE (owner-only, base64 of 32
 * bytes). Errors name the variable or file, never the key.
 */
export async function readSuppliedKey(
  input: NewKeyInput,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Result<SourcedKey, FkError>> {
  if ('env' in input) {
    const text = env[input.env];
    if (text === undefined || text.trim() === '') {
      return err(
        fkError('invalid_input', {
          message: `The environment variable ${input.env} is not set or empty.`,
          remediation: `Put the new key (base64 of 32 random bytes, e.g. \`openssl rand -base64 32\`) in ${input.env}.`,
          details: { variable: input.env },
        }),
      );
    }
    const key = masterKeyFromBase64(text);
    if (!key.ok) return err({ ...key.error, message: `${input.env}: ${key.error.message}` });
    return ok({ key: key.value, origin: { type: 'env', variable: input.env } });
  }
  const path = resolve(input.file);
  const read = await readKeyFile(path);
  if (read === 'missing') {
    return err(
      fkError('invalid_input', {
        message: `The new key file ${path} does not exist.`,
        remediation: `Create it: \`(umask 077; openssl rand -base64 32 > ${path})\`.`,
        details: { path },
      }),
    );
  }
  return read.ok ? ok({ key: read.value, origin: { type: 'file', path, role: 'supplied' } }) : read;
}
