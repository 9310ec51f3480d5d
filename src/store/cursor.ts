import { StoreInputError } from './errors.js';

/** Where a newest-first page stopped: the (at, id) of its last row. */
export interface PageCursor {
  at: string;
  id: string;
}

/** Opaque to callers (base64url JSON), so the paging key can change without an API change. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): PageCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const [at, id] = Array.isArray(parsed) && parsed.length === 2 ? parsed : [];
  if (typeof at !== 'string' || typeof id !== 'string') {
    throw new StoreInputError('The cursor is not one this store gave out; start again without it.');
  }
  return { at, id };
}
