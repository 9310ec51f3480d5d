import { useCallback, useEffect, useState } from 'react';
import { AddTokenForm } from '../components/AddTokenForm.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { ForgeSection } from '../components/ForgeSection.js';
import { RefreshAll } from '../components/RefreshAll.js';
import { api, failureOf } from '../lib/api.js';
import { type Capability, type FkError, FORGES, type Token } from '../lib/types.js';

/** Settings → Personal Access Tokens. `go` opens another page (a token's repositories). */
export function TokensPage({ go }: { go: (path: string) => void }) {
  const [tokens, setTokens] = useState<Token[] | null>(null);
  // The capabilities chosen in the Add token form; a row's Check asks for them too.
  const [require, setRequire] = useState<Capability[]>(['read']);
  const [error, setError] = useState<FkError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const answer = await api<{ items: Token[] }>('GET', '/tokens');
      setTokens(answer.items);
      setError(null);
    } catch (thrown) {
      setError(failureOf(thrown));
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const changed = () => void reload();
  return (
    <>
      <h1>Personal Access Tokens</h1>
      <RefreshAll onProgress={changed} />
      {notice !== null && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error !== null && <ErrorBox error={error} />}
      <section aria-labelledby="saved-title">
        <h2 id="saved-title">Saved tokens</h2>
        {tokens === null && error === null && <p role="status">Loading tokens…</p>}
        {tokens !== null &&
          FORGES.map((forge) => (
            <ForgeSection
              key={forge}
              forge={forge}
              tokens={tokens.filter((token) => token.forge === forge)}
              onChanged={changed}
              onNotice={setNotice}
              require={require}
              go={go}
            />
          ))}
      </section>
      <AddTokenForm onSaved={changed} require={require} onRequireChange={setRequire} />
    </>
  );
}
