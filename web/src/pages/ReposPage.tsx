import { useCallback, useEffect, useState } from 'react';
import { BranchList } from '../components/BranchList.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { RepoCreateForm } from '../components/RepoCreateForm.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { api, failureOf, query } from '../lib/api.js';
import { type FkError, FORGE_NAMES, type Page, type Repository, type Token } from '../lib/types.js';

const PAGE_SIZE = 30;

/**
 * One saved token's repositories (`/tokens/:id/repos`): what it reaches, a page at a time; create
 * one; a repository's branches. Forge errors show with their remediation, and the token page link
 * when the error carries one (e.g. a missing scope).
 */
export function ReposPage({ tokenId, go }: { tokenId: string; go: (path: string) => void }) {
  const path = `/tokens/${encodeURIComponent(tokenId)}`;
  const [token, setToken] = useState<Token | null>(null);
  const [repos, setRepos] = useState<Repository[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<FkError | null>(null);
  const [chosen, setChosen] = useState<Repository | null>(null);

  useEffect(() => {
    api<Token>('GET', path).then(setToken, (thrown) => setError(failureOf(thrown)));
  }, [path]);

  const load = useCallback(
    async (from: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await api<Page<Repository>>(
          'GET',
          `${path}/repos${query({ cap: String(PAGE_SIZE), cursor: from ?? undefined })}`,
        );
        setRepos((before) => (from === null ? page.items : [...(before ?? []), ...page.items]));
        setCursor(page.nextCursor);
      } catch (thrown) {
        setError(failureOf(thrown));
      } finally {
        setLoading(false);
      }
    },
    [path],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const name = token === null ? 'token' : (token.label ?? token.mask);
  return (
    <>
      <p>
        <a
          href="/tokens"
          onClick={(event) => {
            if (event.metaKey || event.ctrlKey || event.shiftKey) return;
            event.preventDefault();
            go('/tokens');
          }}
        >
          ← Personal Access Tokens
        </a>
      </p>
      <h1>Repositories of {name}</h1>
      {token !== null && (
        <p className="token-head">
          <span>
            {FORGE_NAMES[token.forge]} · <code>{token.mask}</code>
            {token.account !== null && ` · ${token.account.login}`}
          </span>
          <StatusBadge status={token.status} />
        </p>
      )}
      {error !== null && <ErrorBox error={error} />}
      <section aria-labelledby="repos-title">
        <h2 id="repos-title">Repositories the token reaches</h2>
        {repos !== null && repos.length === 0 && <p className="muted">No repositories.</p>}
        {repos !== null && repos.length > 0 && (
          <ul className="repos" aria-label="Repositories">
            {repos.map((repo) => (
              <li key={repo.id} className={chosen?.id === repo.id ? 'repo chosen' : 'repo'}>
                <div className="repo-head">
                  <a href={repo.webUrl} target="_blank" rel="noreferrer noopener">
                    {repo.fullName}
                  </a>
                  <span className="repo-actions">
                    <span className={`badge ${repo.private ? 'tone-muted' : 'tone-ok'}`}>
                      {repo.private ? 'private' : 'public'}
                    </span>
                    <button
                      type="button"
                      aria-pressed={chosen?.id === repo.id}
                      onClick={() => setChosen(chosen?.id === repo.id ? null : repo)}
                    >
                      Branches<span className="visually-hidden"> of {repo.fullName}</span>
                    </button>
                  </span>
                </div>
                {repo.description !== null && repo.description !== '' && (
                  <p className="muted">{repo.description}</p>
                )}
              </li>
            ))}
          </ul>
        )}
        {loading && <p role="status">Loading repositories…</p>}
        {cursor !== null && !loading && (
          <button type="button" onClick={() => void load(cursor)}>
            Load more
          </button>
        )}
      </section>
      {chosen !== null && <BranchList key={chosen.id} path={path} repository={chosen} />}
      <RepoCreateForm
        path={path}
        onCreated={(repository) => {
          setChosen(repository);
          void load(null);
        }}
      />
    </>
  );
}
