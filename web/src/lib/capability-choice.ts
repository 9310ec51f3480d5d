import { CAPABILITIES, type Capability } from './types.js';

/*
 * The capabilities a person said they need a token for, when they saved it: its Check asks for the
 * same ones, so a missing scope is highlighted the same way as on Save. Kept in the browser's
 * localStorage by token id — capability names only, nothing secret.
 */
const PREFIX = 'forgekeeper.require.';

export function rememberChoice(tokenId: string, require: readonly Capability[]): void {
  try {
    window.localStorage.setItem(`${PREFIX}${tokenId}`, JSON.stringify(require));
  } catch {
    // Storage off or full: Check falls back to the page's selection.
  }
}

/** The remembered choice for the token, or null. */
export function choiceFor(tokenId: string): Capability[] | null {
  try {
    const stored: unknown = JSON.parse(window.localStorage.getItem(`${PREFIX}${tokenId}`) ?? 'null');
    if (!Array.isArray(stored)) return null;
    return CAPABILITIES.filter((name) => stored.includes(name));
  } catch {
    return null;
  }
}

export function forgetChoice(tokenId: string): void {
  try {
    window.localStorage.removeItem(`${PREFIX}${tokenId}`);
  } catch {
    // Nothing to forget.
  }
}
