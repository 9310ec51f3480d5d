import { describe, expect, it } from 'vitest';
import {
  formatAnswer,
  MAX_INPUT_BYTES,
  parseCredential,
  STATE_PREFIX,
  tokenIdFromState,
} from './protocol.js';

const parse = (text: string) => {
  const parsed = parseCredential(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

describe('git credential protocol (forges.md §7)', () => {
  it('reads key=value lines up to the blank line, ignoring unknown attributes', () => {
    const d = parse(
      'protocol=https\nhost=example.com:8443\npath=acme/app.git\nusername=bob\noauth_refresh_token=x\nauthtype=basic\n\nhost=ignored\n',
    );
    expect(d).toMatchObject({
      protocol: 'https',
      host: 'example.com:8443',
      path: 'acme/app.git',
      username: 'bob',
      password: null,
    });
  });

  it('accepts CRLF line ends and keeps = inside values', () => {
    const d = parse('protocol=https\r\nhost=github.com\r\npassword=a=b=c\r\n\r\n');
    expect(d).toMatchObject({ protocol: 'https', host: 'github.com', password: 'a=b=c' });
  });

  it('splits url= into its parts; later attributes win', () => {
    expect(parse('url=https://alice@git.example.com:8080/group/sub/app.git\n')).toMatchObject({
      protocol: 'https',
      host: 'git.example.com:8080',
      path: 'group/sub/app.git',
      username: 'alice',
    });
    expect(parse('url=https://github.com/\nusername=x\n')).toMatchObject({
      host: 'github.com',
      path: null,
      username: 'x',
    });
    expect(parseCredential('url=not a url\n').ok).toBe(false);
  });

  it('keeps lists in order, and an empty value clears them', () => {
    const d = parse(
      'capability[]=authtype\ncapability[]=state\nwwwauth[]=Basic realm="GitHub"\nwwwauth[]=Bearer\nstate[]=a\nstate[]=\nstate[]=b\n',
    );
    expect(d.capabilities).toEqual(['authtype', 'state']);
    expect(d.wwwauth).toEqual(['Basic realm="GitHub"', 'Bearer']);
    expect(d.state).toEqual(['b']);
  });

  it('reads password_expiry_utc as Unix seconds, ignoring a malformed one', () => {
    expect(parse('password_expiry_utc=1767225600\n').passwordExpiryUtc).toBe(1767225600);
    expect(parse('password_expiry_utc=soon\n').passwordExpiryUtc).toBeNull();
  });

  it('refuses oversized input, NUL bytes and lines that are not key=value; empty input is empty', () => {
    expect(parseCredential(`host=${'a'.repeat(MAX_INPUT_BYTES)}\n`)).toMatchObject({ ok: false });
    expect(parseCredential('host=a\0b\n')).toMatchObject({ ok: false });
    expect(parseCredential('just words\n')).toMatchObject({ ok: false });
    expect(parseCredential('=value\n')).toMatchObject({ ok: false });
    expect(parse('')).toMatchObject({ protocol: null, host: null });
  });

  it('answers with the expiry, and with state only when git announced the capability, capabilities first', () => {
    const answer = {
      username: 'x-access-token',
      password: 'secret',
      passwordExpiryUtc: 1767225600,
      state: `${STATE_PREFIX}t1`,
    };
    expect(formatAnswer(parse('protocol=https\nhost=github.com\n'), answer)).toBe(
      'protocol=https\nhost=github.com\nusername=x-access-token\npassword=secret\npassword_expiry_utc=1767225600\n',
    );
    expect(
      formatAnswer(parse('capability[]=state\nprotocol=https\nhost=github.com\n'), {
        ...answer,
        passwordExpiryUtc: null,
      }),
    ).toBe(
      `capability[]=state\nprotocol=https\nhost=github.com\nusername=x-access-token\npassword=secret\nstate[]=${STATE_PREFIX}t1\n`,
    );
  });

  it('never writes a value with a newline', () => {
    const answer = { username: 'u', password: 'two\nlines', passwordExpiryUtc: null, state: null };
    expect(formatAnswer(parse('protocol=https\nhost=h\n'), answer)).toBeNull();
  });

  it('reads back its own state, and only its own', () => {
    expect(tokenIdFromState(['other:1', `${STATE_PREFIX}01a2-b3`])).toBe('01a2-b3');
    expect(tokenIdFromState([`${STATE_PREFIX}bad id`, 'x'])).toBeNull();
  });
});
