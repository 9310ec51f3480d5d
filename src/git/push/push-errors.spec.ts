import { describe, expect, it } from 'vitest';
import { Secret } from '../../domain/secret.js';
import { makeToken } from '../../domain/tokens/__fixtures__/make-token.js';
import { redactText } from '../run-git.js';
import { mapRemoteFailure, type RemoteFailure } from './push-errors.js';

const none = { answered: 1, refused: 0, rejected: 0 };
const failure = (stderr: string, porcelain = '', credentials = none): RemoteFailure => ({
  step: 'push',
  stderr,
  porcelain,
  credentials,
});
const code = (stderr: string, porcelain = '', credentials = none) =>
  mapRemoteFailure(failure(stderr, porcelain, credentials)).code;

// The texts are the forges' own, as forges.md quotes them (§1.4 git over HTTPS, §2.4, §2.9).
describe('mapRemoteFailure', () => {
  it('maps rejected pushes from the porcelain lines', () => {
    const lines = (reason: string) =>
      `To http://h/o/r.git\n!\tabc:refs/heads/main\t[rejected] (${reason})\nDone\n`;
    expect(code('error: failed to push some refs', lines('non-fast-forward'))).toBe('push_rejected');
    expect(code('hint: Updates were rejected because the remote contains work', lines('fetch first'))).toBe(
      'push_rejected',
    );
    expect(code('error: failed to push some refs', lines('stale info'))).toBe('branch_moved');
  });

  it('maps authentication failures, with or without a forge text, to bad_credentials', () => {
    expect(
      code(
        "remote: Invalid username or token. Password authentication is not supported for Git operations.\nfatal: Authentication failed for 'https://github.com/o/r.git/'",
      ),
    ).toBe('bad_credentials');
    expect(
      code(
        "remote: HTTP Basic: Access denied. If a password was provided for Git authentication, the password was incorrect or you're required to use a token instead of a password.\nfatal: Authentication failed for 'https://gitlab.com/o/r.git/'",
      ),
    ).toBe('bad_credentials');
    expect(code('fatal: unexpected', '', { answered: 1, refused: 0, rejected: 1 })).toBe('bad_credentials');
  });

  it('maps 403 and "Permission denied" to insufficient_scope with the scopes to add', () => {
    const error = mapRemoteFailure(
      failure(
        "remote: Permission to octo/r.git denied to octo.\nfatal: unable to access 'https://github.com/octo/r.git/': The requested URL returned error: 403",
      ),
    );
    expect(error.code).toBe('insufficient_scope');
    expect(error.remediation).toContain('write_repository');
    expect(code('remote: You are not allowed to push code to this project.\nfatal: … error: 403')).toBe(
      'insufficient_scope',
    );
  });

  it('maps GitHub workflow and protected-branch refusals before any generic rejection', () => {
    const rejected =
      '!\tabc:refs/heads/main\t[remote rejected] (refusing to allow a Personal Access Token to create or update workflow `.github/workflows/ci.yml` without `workflow` scope)';
    expect(code('error: failed to push some refs', rejected)).toBe('workflow_scope_required');
    expect(code('remote: error: GH006: Protected branch update failed for refs/heads/main.')).toBe(
      'branch_protected',
    );
    expect(
      code('remote: GitLab: You are not allowed to push code to protected branches on this project.'),
    ).toBe('branch_protected');
    expect(
      code('remote: GitLab: You are not allowed to force push code to a protected branch on this project.'),
    ).toBe('branch_protected');
  });

  it('maps a missing repository, rate limits and an unreachable forge', () => {
    expect(
      code("remote: Repository not found.\nfatal: repository 'https://github.com/o/x.git/' not found"),
    ).toBe('not_found');
    expect(
      code(
        "remote: The project you were looking for could not be found or you don't have permission to view it.\nfatal: repository 'https://gitlab.com/o/x.git/' not found",
      ),
    ).toBe('not_found');
    expect(code("fatal: unable to access 'https://h/o/r.git/': The requested URL returned error: 429")).toBe(
      'rate_limited',
    );
    expect(code("fatal: unable to access 'https://h/o/r.git/': Could not resolve host: h")).toBe(
      'forge_unreachable',
    );
    expect(code("fatal: unable to access 'https://h/o/r.git/': The requested URL returned error: 502")).toBe(
      'forge_unreachable',
    );
  });

  it('says when git got no credentials because it asked for another host', () => {
    const error = mapRemoteFailure(
      failure("fatal: could not read Username for 'https://elsewhere': terminal prompts disabled", '', {
        answered: 0,
        refused: 1,
        rejected: 0,
      }),
    );
    expect(error).toMatchObject({ code: 'git_failed' });
    expect(error.message).toContain('another host');
  });

  it('keeps git’s message for anything else', () => {
    const error = mapRemoteFailure(
      failure('error: something odd\nfatal: the remote end hung up unexpectedly'),
    );
    expect(error).toMatchObject({ code: 'git_failed', details: { step: 'push' } });
    expect(error.message).toContain('the remote end hung up unexpectedly');
  });
});

describe('redactText', () => {
  it('replaces the token, as is and percent-encoded, with its mask', () => {
    const token = makeToken('bitbucket', 'api_token');
    const secret = new Secret(token);
    const text = `fatal: https://x:${token}@h/ and ${encodeURIComponent(token)}`;
    const redacted = redactText(text, [secret]);
    expect(redacted).not.toContain(token);
    expect(redacted).not.toContain(encodeURIComponent(token));
    expect(redacted).toContain(secret.mask());
  });
});
