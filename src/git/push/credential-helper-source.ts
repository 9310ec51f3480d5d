/**
 * The git credential helper that push runs, written into each push's private directory (no build
 * step: its text has no secret). git starts it as `exec sh <file> get|store|erase` with the request
 * on stdin (forges.md §7). It prepends the nonce from its environment and relays the request through
 * git's own `credential-cache` client to the socket named there — the Forgekeeper process, which
 * speaks that client's protocol. No Node start per request: a shell and one small git program
 * (the shell's builtins read and relay; nothing else is started). Only `get` and `erase` are
 * relayed; `store` has nothing to do.
 */
export const CREDENTIAL_HELPER_SOURCE = `# Forgekeeper push credential helper: asks the process that started git (docs/push.md).
drain() { while read -r _; do :; done; }
case "$1" in
  get|erase) ;;
  *) drain; exit 0 ;;
esac
[ -n "$FORGEKEEPER_CREDENTIAL_SOCKET" ] && [ -n "$FORGEKEEPER_CREDENTIAL_NONCE" ] || { drain; exit 0; }
{
  printf 'forgekeeper-nonce=%s\\n' "$FORGEKEEPER_CREDENTIAL_NONCE"
  while IFS= read -r line || [ -n "$line" ]; do printf '%s\\n' "$line"; done
} | exec git credential-cache --socket "$FORGEKEEPER_CREDENTIAL_SOCKET" "$1"
`;

/** Environment variables the helper reads: a socket path and a nonce, never the token. */
export const SOCKET_ENV = 'FORGEKEEPER_CREDENTIAL_SOCKET';
export const NONCE_ENV = 'FORGEKEEPER_CREDENTIAL_NONCE';
/** The line the helper adds before git's request. */
export const NONCE_KEY = 'forgekeeper-nonce';

/**
 * The pre-push hook push runs (git calls it after the remote's refs are known and before anything is
 * sent, with `<local ref> <local sha> <remote ref> <remote sha>` lines on stdin; a non-zero exit
 * aborts the push without pushing anything — githooks(5)). It relays those lines to the same socket
 * and waits for the secret scan's verdict, so the scan runs while git starts and authenticates
 * instead of before. `core.hooksPath` points at its directory: no hook of the repository's own runs.
 */
export const PRE_PUSH_HOOK_SOURCE = `#!/bin/sh
# Forgekeeper: push only once the secret scan of what would leave has passed (docs/push.md).
[ -n "$FORGEKEEPER_CREDENTIAL_SOCKET" ] && [ -n "$FORGEKEEPER_CREDENTIAL_NONCE" ] || { cat >/dev/null; exit 1; }
answer=$({
  printf 'forgekeeper-nonce=%s\\nforgekeeper-verdict=push\\n' "$FORGEKEEPER_CREDENTIAL_NONCE"
  while read -r line; do printf 'forgekeeper-ref=%s\\n' "$line"; done
  printf '\\n'
} | git credential-cache --socket "$FORGEKEEPER_CREDENTIAL_SOCKET" get)
case "$answer" in
  *"password=allow"*) exit 0 ;;
esac
exit 1
`;

/** The line the hook sends to ask for the verdict. */
export const VERDICT_KEY = 'forgekeeper-verdict';
/** One line per ref git is about to update, as the hook was given it. */
export const REF_KEY = 'forgekeeper-ref';
