import { type Capability, FORGE_NAMES, type ForgeId, type Token } from '../lib/types.js';
import { GuidePanel } from './GuidePanel.js';
import { TokenRow } from './TokenRow.js';

interface Props {
  forge: ForgeId;
  tokens: Token[];
  onChanged: () => void;
  onNotice: (text: string) => void;
  require: Capability[];
  go: (path: string) => void;
}

export function ForgeSection({ forge, tokens, onChanged, onNotice, require, go }: Props) {
  const titleId = `forge-${forge}`;
  return (
    <section className="forge" aria-labelledby={titleId}>
      <h3 id={titleId}>{FORGE_NAMES[forge]}</h3>
      {tokens.length === 0 ? (
        <p className="muted">No {FORGE_NAMES[forge]} tokens saved.</p>
      ) : (
        <ul className="tokens" aria-label={`${FORGE_NAMES[forge]} tokens`}>
          {tokens.map((token) => (
            <TokenRow
              key={token.id}
              token={token}
              onChanged={onChanged}
              onNotice={onNotice}
              require={require}
              go={go}
            />
          ))}
        </ul>
      )}
      <GuidePanel forge={forge} require={['read']} />
    </section>
  );
}
