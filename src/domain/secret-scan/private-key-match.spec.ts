import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanContent } from './scan.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const scan = (text: string) => scanContent('key', bytes(text));
const lines = (base64: string): string => base64.match(/.{1,64}/g)?.join('\n') ?? '';
const armor = (label: string, body: string, headers = ''): string =>
  `-----BEGIN ${label}-----\n${headers}${lines(body)}\n-----END ${label}-----\n`;

const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

describe('private keys', () => {
  it.each([
    ['PKCS#1 RSA', rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), 'RSA PRIVATE KEY'],
    ['PKCS#8', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'PRIVATE KEY'],
    ['SEC1 EC', ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString(), 'EC PRIVATE KEY'],
    [
      'encrypted PKCS#8',
      rsa.privateKey
        .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass' })
        .toString(),
      'ENCRYPTED PRIVATE KEY',
    ],
    [
      'legacy encrypted PEM with headers',
      armor(
        'RSA PRIVATE KEY',
        randomBytes(600).toString('base64'),
        'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00FF\n\n',
      ),
      'RSA PRIVATE KEY',
    ],
    ['DSA', armor('DSA PRIVATE KEY', randomBytes(400).toString('base64')), 'DSA PRIVATE KEY'],
    [
      'OpenSSH',
      armor(
        'OPENSSH PRIVATE KEY',
        Buffer.concat([Buffer.from('openssh-key-v1\0'), randomBytes(300)]).toString('base64'),
      ),
      'OPENSSH PRIVATE KEY',
    ],
    [
      'PGP',
      armor('PGP PRIVATE KEY BLOCK', randomBytes(500).toString('base64'), 'Version: GnuPG v2\n\n'),
      'PGP PRIVATE KEY BLOCK',
    ],
  ])('finds a %s key at its header line', (_, pem, label) => {
    expect(scan(`# config\n\n${pem}`)).toEqual([
      { path: 'key', line: 3, column: 1, kind: 'private-key', tokenKind: null, masked: label },
    ]);
  });

  it('finds a key kept in JSON with \\n escapes and a key flattened onto one line', () => {
    const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const json = JSON.stringify({ type: 'service_account', private_key: pem });
    expect(scan(json)).toMatchObject([{ line: 1, masked: 'PRIVATE KEY' }]);
    expect(scan(`KEY="${pem.replaceAll('\n', ' ')}"`)).toMatchObject([{ line: 1, column: 6 }]);
  });

  it('finds a PuTTY key file with its private section', () => {
    const ppk = [
      'PuTTY-User-Key-File-3: ssh-ed25519',
      'Encryption: none',
      'Comment: me@host',
      'Public-Lines: 2',
      randomBytes(48).toString('base64'),
      'Private-Lines: 1',
      randomBytes(48).toString('base64'),
      'Private-MAC: 0011',
    ].join('\n');
    expect(scan(ppk)).toMatchObject([{ line: 1, kind: 'private-key', masked: 'PuTTY-User-Key-File-3' }]);
  });

  it('ignores headers without key material: parsers, docs, public keys', () => {
    const text = [
      "const HEADER = '-----BEGIN RSA PRIVATE KEY-----';",
      'if (pem.startsWith("-----BEGIN OPENSSH PRIVATE KEY-----")) parse(pem);',
      'A key starts with `-----BEGIN PRIVATE KEY-----` and ends with the END line.',
      '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
      rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      'PuTTY-User-Key-File-3: is the first line of a .ppk file',
    ].join('\n');
    expect(scan(text)).toEqual([]);
  });

  it('never puts key material in the mask', () => {
    const pem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const [finding] = scan(pem);
    expect(finding?.masked).toBe('RSA PRIVATE KEY');
  });
});
