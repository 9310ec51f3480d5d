import { randomString } from './secrets.js';

/**
 * API keys read `fk_<public id>_<secret>`: a prefix that secret scanners and people recognise, a
 * 12-character public id (base62, ~71 bits) that finds the record without a scan, and a
 * 43-character base62 secret (256 bits). Base62 has no `-` or `_`, so a double-click selects the
 * whole key. Only the SHA-256 of the whole text is stored.
 */
export const API_KEY_PREFIX = 'fk_';
const PUBLIC_ID_LENGTH = 12;
const SECRET_LENGTH = 43;
const API_KEY = /^fk_([0-9A-Za-z]{12})_([0-9A-Za-z]{43})$/;

export interface ApiKeyParts {
  publicId: string;
  text: string;
}

export function newApiKey(): ApiKeyParts {
  const publicId = randomString(PUBLIC_ID_LENGTH);
  return { publicId, text: `${API_KEY_PREFIX}${publicId}_${randomString(SECRET_LENGTH)}` };
}

/** The key's public id, or null when `text` is not shaped like one of our keys. */
export function parseApiKey(text: string): ApiKeyParts | null {
  const match = API_KEY.exec(text);
  return match === null ? null : { publicId: match[1]!, text };
}

/** What lists show: the public part only, nothing of the secret. */
export function maskApiKey(publicId: string): string {
  return `${API_KEY_PREFIX}${publicId}_…`;
}
