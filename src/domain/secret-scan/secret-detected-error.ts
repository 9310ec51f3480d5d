import { type FkError, fkError } from '../errors/error.js';
import type { Finding } from './types.js';

/** The error carries at most this many findings; the count says how many there were. */
export const MAX_REPORTED_FINDINGS = 20;

/**
 * `secret_detected` for findings of the scan, naming the first file and line in the message. The
 * findings carry masks only (prefix and last 4 characters, or a key's header), never secret text.
 */
export function secretDetectedError(findings: readonly Finding[]): FkError {
  const first = findings[0];
  const where = first === undefined ? '' : ` in ${first.path}:${first.line} (${describe(first)})`;
  const more = findings.length > 1 ? ` and ${findings.length - 1} more` : '';
  return fkError('secret_detected', {
    message: `Refused: what would be sent contains a secret${where}${more}.`,
    details: {
      count: findings.length,
      findings: findings.slice(0, MAX_REPORTED_FINDINGS).map((finding) => ({ ...finding })),
    },
  });
}

function describe(finding: Finding): string {
  if (finding.kind === 'private-key') return `a private key, ${finding.masked}`;
  const forge = { 'github-token': 'GitHub', 'gitlab-token': 'GitLab', 'bitbucket-token': 'Bitbucket' }[
    finding.kind
  ];
  return `a ${forge} token ${finding.masked}`;
}
