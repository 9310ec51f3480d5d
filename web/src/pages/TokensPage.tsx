import { useCallback, useEffect, useState } from 'react';
import { AddTokenForm } from '../components/AddTokenForm.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { ForgeSection } from '../components/ForgeSection.js';
import { RefreshAll } from '../components/RefreshAll.js';
import { api, failureOf } from '../lib/api.js';
import { type FkError, FORGES, type Token } from '../lib/types.js';

/** Settings → Personal Access Tokens. */
export function TokensPage() {
  const [tokens, setTokens] = useState<Token[] | null>(null);
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
            />
          ))}
      </section>
      <AddTokenForm onSaved={changed} />
    </>
  );
}
