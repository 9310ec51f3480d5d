import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { type Principal, requireScope } from './principal.js';

export const MIN_PASSWORD_LENGTH = 12;
/** argon2 takes any length, but a megabyte "password" is a way to make the server work hard. */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * Usernames are ASCII letters, digits and `._@-`, 1–64 characters, starting with a letter or digit.
 * ASCII only: case-insensitive uniqueness is then unambiguous, and look-alike letters from other
 * scripts cannot make a second "admin".
 */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

export function checkUsername(username: string): Result<string, FkError> {
  if (USERNAME.test(username)) return ok(username);
  return err(
    fkError('invalid_input', {
      message:
        'A username is 1 to 64 characters: ASCII letters, digits, ".", "_", "@" or "-", starting with a letter or digit.',
      details: { field: 'username' },
    }),
  );
}

/** A display name defaults to the username; 1–100 characters, no control characters. */
export function checkDisplayName(displayName: string | undefined, username: string): Result<string, FkError> {
  const name = (displayName ?? username).trim();
  if (name.length >= 1 && name.length <= 100 && !CONTROL.test(name)) return ok(name);
  return err(
    fkError('invalid_input', {
      message: 'A display name is 1 to 100 characters without control characters.',
      details: { field: 'displayName' },
    }),
  );
}

/**
 * Passwords are NFKC-normalised before hashing (NIST SP 800-63B §5.1.1.2), so the same password
 * typed on keyboards that compose characters differently matches.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * The rules of NIST SP 800-63B rather than composition rules: long enough, not the username.
 * Answers the normalised password.
 */
export function checkNewPassword(password: string, username: string): Result<string, FkError> {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return tooWeak(`The password has ${length} characters; it needs at least ${MIN_PASSWORD_LENGTH}.`);
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return tooWeak(`The password is longer than ${MAX_PASSWORD_LENGTH} characters.`);
  }
  if (normalized.toLowerCase() === username.toLowerCase()) {
    return tooWeak('The password is the same as the username.');
  }
  return ok(normalized);
}

function tooWeak(message: string): Result<never, FkError> {
  return err(fkError('password_too_weak', { message, details: { minLength: MIN_PASSWORD_LENGTH } }));
}

/**
 * The checks every new account goes through (created with a password or invited): the actor is an
 * administrator, and the username and display name are acceptable.
 */
export function checkNewAccount(
  actor: Principal,
  input: { username: string; displayName?: string },
): Result<{ username: string; displayName: string }, FkError> {
  const allowed = requireScope(actor, 'admin');
  if (!allowed.ok) return allowed;
  const username = checkUsername(input.username);
  if (!username.ok) return username;
  const displayName = checkDisplayName(input.displayName, username.value);
  if (!displayName.ok) return displayName;
  return ok({ username: username.value, displayName: displayName.value });
}
