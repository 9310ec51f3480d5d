import { useCallback, useEffect, useState } from 'react';
import { api, failureOf, query } from '../lib/api.js';
import type { Branch, FkError, Repository } from '../lib/types.js';
import { ErrorBox } from './ErrorBox.js';

interface BranchesPage {
  items: Branch[];
  nextCursor: string | null;
  defaultBranch: string | null;
}

/** The branches of one repository, the default marked; "Load more" follows the cursor. */
export function BranchList({ path, repository }: { path: string; repository: Repository }) {
  const [branches, setBranches] = useState<Branch[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<FkError | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (from: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await api<BranchesPage>(
          'GET',
          `${path}/branches${query({ repo: repository.fullName, cursor: from ?? undefined })}`,
        );
        setBranches((before) => (from === null ? page.items : [...(before ?? []), ...page.items]));
        setCursor(page.nextCursor);
      } catch (thrown) {
        setError(failureOf(thrown));
      } finally {
        setLoading(false);
      }
    },
    [path, repository.fullName],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  return (
    <section className="card" aria-labelledby="branches-title">
      <h2 id="branches-title">Branches of {repository.fullName}</h2>
      {error !== null && <ErrorBox error={error} />}
      {branches !== null && branches.length === 0 && (
        <p className="muted">No branches: the repository is empty.</p>
      )}
      {branches !== null && branches.length > 0 && (
        <ul className="branches" aria-label={`Branches of ${repository.fullName}`}>
          {branches.map((branch) => (
            <li key={branch.name}>
              <code>{branch.name}</code>
              {branch.isDefault && <span className="default-mark">default</span>}
              {branch.protected && <span className="badge tone-muted">protected</span>}{' '}
              <span className="muted" title={branch.sha}>
                {branch.sha.slice(0, 7)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {loading && <p role="status">Loading branches…</p>}
      {cursor !== null && !loading && (
        <button type="button" onClick={() => void load(cursor)}>
          Load more branches
        </button>
      )}
    </section>
  );
}
