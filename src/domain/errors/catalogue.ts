/**
 * The one catalogue of error codes. Each code has an HTTP status (for the server), a plain default
 * message and a default remediation that tells the user what to do. Call sites may replace the
 * message or remediation with something more specific (the forge's scope names, its token page),
 * never the code. `docs/errors.md` documents every code; a test keeps the two in step.
 */
export const CATALOGUE = {
  invalid_input: {
    status: 400,
    message: 'The input is not valid.',
    remediation: 'Correct the input as described and try again.',
  },
  malformed_token: {
    status: 400,
    message: 'This is not a well-formed token.',
    remediation:
      'Copy the token again from the forge, in full, without extra characters. If it came from an example or a scanner report, it is not a real token.',
  },
  wrong_forge: {
    status: 400,
    message: 'This token belongs to another forge.',
    remediation: 'Choose the forge the token was created on, or paste a token from the forge you chose.',
  },
  unsupported_token: {
    status: 400,
    message: 'This kind of token cannot be used as a personal access token.',
    remediation: 'Create a personal access token (or, on Bitbucket, an API token with scopes) and use that.',
  },
  app_password_removed: {
    status: 400,
    message: 'Bitbucket app passwords stopped working on 2026-07-28.',
    remediation:
      'Create an Atlassian API token with Bitbucket scopes at https://id.atlassian.com/manage-profile/security/api-tokens ("Create API token with scopes") and use it together with your Atlassian account email.',
  },
  email_required: {
    status: 400,
    message: 'A Bitbucket API token is used together with the Atlassian account email.',
    remediation: 'Give the email address of the Atlassian account that created the token (--email).',
  },
  bad_credentials: {
    status: 401,
    message: 'The forge rejected the token (Bad credentials): it is wrong, expired or revoked.',
    remediation:
      'The forge does not say which. Create a new token on the forge and replace this one; check its expiry date in the forge settings.',
  },
  token_expired: {
    status: 401,
    message: 'The token has expired.',
    remediation:
      'Create a new token on the forge (or rotate this one where the forge allows) and replace it.',
  },
  token_revoked: {
    status: 401,
    message: 'The token was revoked.',
    remediation: 'Create a new token on the forge and replace this one.',
  },
  insufficient_scope: {
    status: 403,
    message: 'The token lacks scopes needed for what you asked.',
    remediation: 'Add the missing scopes to the token (or create a new one with them) on the forge.',
  },
  sso_required: {
    status: 403,
    message: 'The organization enforces SAML single sign-on and the token is not authorized for it.',
    remediation: 'Authorize the token for the organization (Configure SSO on the token page), then retry.',
  },
  rate_limited: {
    status: 429,
    message: 'The forge is rate-limiting requests; nothing is known about the token.',
    remediation: 'Wait until the time given and retry. The token was not marked invalid.',
  },
  forge_unreachable: {
    status: 502,
    message: 'The forge could not be reached or answered with an error; nothing is known about the token.',
    remediation: 'Check the API URL and the network, then retry. The token was not marked invalid.',
  },
  not_found: {
    status: 404,
    message: 'No such record for this owner.',
    remediation: 'Check the id or name; list what exists and pick one from the list.',
  },
  conflict: {
    status: 409,
    message: 'The record changed or already exists.',
    remediation: 'Reload and retry.',
  },
  token_undecryptable: {
    status: 500,
    message:
      'This token cannot be decrypted: its stored ciphertext is damaged or was sealed with a key that is not loaded.',
    remediation:
      'Check that the master key is the one this database was created with. If it is, remove this token and add it again; other tokens are not affected.',
  },
  master_key_invalid: {
    status: 500,
    message: 'The master key is not valid: it must be 32 bytes, base64-encoded.',
    remediation:
      'Set FORGEKEEPER_MASTER_KEY (or the file named by FORGEKEEPER_MASTER_KEY_FILE) to the base64 of 32 random bytes, e.g. `openssl rand -base64 32`.',
  },
  master_key_insecure: {
    status: 500,
    message: 'The master key file can be read by other users.',
    remediation:
      'Run `chmod 600` on the key file (and make sure it is owned by the user running Forgekeeper).',
  },
  master_key_mismatch: {
    status: 500,
    message: 'The master key does not match this database.',
    remediation:
      'Start Forgekeeper with the master key this database was created with (restore the key file from your backup). Nothing was written.',
  },
  unauthenticated: {
    status: 401,
    message: 'You are not signed in, or the session or API key is not valid.',
    remediation:
      'Sign in again. Programs send an API key as `Authorization: Bearer fk_…`; create one under Settings → API keys.',
  },
  invalid_credentials: {
    status: 401,
    message: 'The username or password is wrong.',
    remediation:
      'Check both and try again. After 5 failed attempts within 15 minutes, sign-in for that username pauses for a while.',
  },
  login_locked: {
    status: 429,
    message: 'Too many failed sign-in attempts; sign-in is paused.',
    remediation:
      'Wait until the time given (details.retryAt) and try again. An administrator can lift the pause for a username sooner.',
  },
  forbidden: {
    status: 403,
    message: 'You are not allowed to do this.',
    remediation:
      'Ask an administrator, or use an API key that has the scope named in the message (tokens:read, tokens:use or admin).',
  },
  csrf_failed: {
    status: 403,
    message: 'The request has no valid CSRF token for this session.',
    remediation:
      'Reload the page and try again. Programs should send an API key (`Authorization: Bearer …`) instead of a session cookie.',
  },
  setup_required: {
    status: 409,
    message: 'This server has no administrator yet.',
    remediation:
      'Open the web UI and create the first administrator with the one-time setup code printed in the server log.',
  },
  setup_complete: {
    status: 409,
    message: 'This server is already set up.',
    remediation: 'Sign in instead. An administrator can create more accounts or send invitations.',
  },
  setup_code_invalid: {
    status: 403,
    message: 'The setup code is wrong or has expired.',
    remediation:
      'Copy the setup code from the latest server log line that announces it. If it has expired, restart the server to print a new one.',
  },
  invite_invalid: {
    status: 403,
    message: 'The invitation code is wrong, already used or expired.',
    remediation: 'Ask an administrator for a new invitation.',
  },
  api_key_expired: {
    status: 401,
    message: 'The API key has expired.',
    remediation:
      'Create a new API key (Settings → API keys) and give it to the program in place of this one.',
  },
  api_key_revoked: {
    status: 401,
    message: 'The API key was revoked.',
    remediation:
      'Create a new API key (Settings → API keys) and give it to the program in place of this one.',
  },
  password_too_weak: {
    status: 400,
    message: 'The password is too weak.',
    remediation:
      'Choose a password of at least 12 characters that is not your username; a phrase of several words is easy to remember.',
  },
  repo_exists: {
    status: 409,
    message: 'A repository with this name already exists in that namespace.',
    remediation:
      'Choose another name, or pass --if-exists reuse (ifExists: "reuse") to use the existing repository.',
  },
  repo_empty: {
    status: 409,
    message: 'The repository is empty: it has no commit and no branch yet.',
    remediation:
      'Make a first commit (Forgekeeper does this for you when it commits files), or create the repository initialised.',
  },
  repo_creation_failed: {
    status: 422,
    message: 'The forge refused to create the repository.',
    remediation:
      'Check the name (letters, digits, ".", "-", "_"), the namespace and that your account may create repositories there.',
  },
  resource_not_accessible: {
    status: 403,
    message: 'The token may not touch this resource (Resource not accessible by personal access token).',
    remediation:
      'Give the token access to this repository and the permission the operation needs (fine-grained tokens: Repository access and Permissions on the token page), then retry.',
  },
  workflow_scope_required: {
    status: 403,
    message:
      'GitHub refuses to create or update a workflow file (.github/workflows/*) with a token that lacks the workflow scope.',
    remediation:
      'Add the workflow scope to the token on the forge (or leave the workflow files out), then retry.',
  },
  branch_protected: {
    status: 403,
    message: 'The branch is protected: the forge refuses this change to it.',
    remediation:
      'Commit to another branch and open a pull request, or ask a maintainer to change the branch protection.',
  },
  branch_moved: {
    status: 409,
    message: 'The branch moved while the commit was being made; nothing was overwritten.',
    remediation: 'Fetch the new head of the branch, rebase or redo your change on it, and retry.',
  },
  push_rejected: {
    status: 409,
    message:
      'git refused the push: the remote branch has commits that the local one does not (not a fast-forward).',
    remediation:
      'Fetch and merge or rebase, then push again; or push with --force if overwriting the remote branch is what you want.',
  },
  pull_request_exists: {
    status: 409,
    message: 'A pull request for this source and target branch already exists.',
    remediation: 'Open the existing pull request, or push more commits to its source branch.',
  },
  secret_detected: {
    status: 422,
    message: 'The content to be sent contains what looks like a secret (a forge token or a private key).',
    remediation:
      'Remove the secret from the files (and rotate it if it was ever shared). If it is a deliberate test fixture, allow it explicitly (--allow-secrets / allowSecrets: true).',
  },
  git_failed: {
    status: 502,
    message: 'git failed while talking to the forge.',
    remediation:
      'Read the git message in the details; check the repository URL and that git is installed (git --version), then retry.',
  },
  server_unreachable: {
    status: 503,
    message: 'The Forgekeeper server could not be reached or refused the API key.',
    remediation:
      'Check the server URL and the API key in the Forgekeeper config file (forgekeeper git setup --remote), and that the server runs.',
  },
  store_busy: {
    status: 503,
    message: 'The database is busy or locked.',
    remediation: 'Retry in a moment. If it persists, check for a stuck process holding the database.',
  },
  store_unavailable: {
    status: 503,
    message: 'The database cannot be reached or written (unreachable, read-only or out of disk space).',
    remediation:
      'Check the database URL, that the server runs, and that the disk has free space. Nothing was written.',
  },
  internal_error: {
    status: 500,
    message: 'Something went wrong on the server.',
    remediation: 'Retry. If it keeps failing, give the administrator the request id.',
  },
} as const satisfies Record<string, { status: number; message: string; remediation: string }>;

export type ErrorCode = keyof typeof CATALOGUE;

export const ERROR_CODES = Object.keys(CATALOGUE) as ErrorCode[];
