import { fkError } from '../../domain/errors/error.js';
import type { TokenView, Vault } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { MIN_ID_PREFIX } from '../format/short-ids.js';
import { refuseTokenText } from '../parse-options.js';
import { CliError, EXIT } from '../run-command.js';
import { orFail } from './fail.js';

export type TokenMatch =
  | { type: 'one'; token: TokenView }
  | { type: 'none' }
  /** The reference is an id prefix too short to be trusted. */
  | { type: 'short' }
  | { type: 'many'; candidates: TokenView[] };

/** What `ref` names among `tokens`: an exact id, a label, or a unique id prefix (≥ 6 characters). */
export function matchToken(tokens: readonly TokenView[], ref: string): TokenMatch {
  const exact = tokens.find((token) => token.id === ref);
  if (exact) return { type: 'one', token: exact };
  const prefix = ref.toLowerCase();
  const byPrefix = (token: TokenView) => prefix.length >= MIN_ID_PREFIX && token.id.startsWith(prefix);
  const candidates = tokens.filter((token) => token.label === ref || byPrefix(token));
  const [first] = candidates;
  if (first && candidates.length === 1) return { type: 'one', token: first };
  if (candidates.length > 1) return { type: 'many', candidates };
  const shortPrefix = prefix.length > 0 && tokens.some((token) => token.id.startsWith(prefix));
  return shortPrefix ? { type: 'short' } : { type: 'none' };
}

/** The CLI owner's token named by `ref`, or a catalogue error naming what to type instead. */
export async function resolveToken(vault: Vault, ref: string): Promise<TokenView> {
  refuseTokenText('token id or label', ref);
  const tokens = orFail(await vault.list(LOCAL_OWNER_ID));
  const match = matchToken(tokens, ref);
  switch (match.type) {
    case 'one':
      return match.token;
    case 'none':
      throw new CliError(
        fkError('not_found', {
          message: `No token has the id or label "${ref}".`,
          remediation: 'List the tokens (forgekeeper tokens list) and use an id, an id prefix or a label.',
        }),
        EXIT.unusable,
      );
    case 'short':
      throw new CliError(
        fkError('invalid_input', {
          message: `"${ref}" is too short to select a token by its id.`,
          remediation: `Give at least ${MIN_ID_PREFIX} characters of the id, or the label.`,
        }),
      );
    case 'many':
      throw new CliError(
        fkError('invalid_input', {
          message: `"${ref}" matches ${match.candidates.length} tokens:\n${match.candidates
            .map((token) => `    ${token.id}  ${token.label ?? '(no label)'}`)
            .join('\n')}`,
          remediation: 'Give more characters of the id, or the full id.',
          details: { candidates: match.candidates.map(({ id, label }) => ({ id, label })) },
        }),
      );
  }
}
