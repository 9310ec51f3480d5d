import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { ErrorBox } from '../components/ErrorBox.js';
import { Field } from '../components/Field.js';
import { api, failureOf, query } from '../lib/api.js';
import { dateText } from '../lib/format.js';
import type { ApiKey, AuditEvent, FkError, Me, Token } from '../lib/types.js';

interface Filters {
  tokenId: string;
  action: string;
  outcome: '' | 'ok' | 'error';
}

const PAGE_SIZE = 50;

/** Names for the ids in audit events: tokens by label or mask, actors as you or an API key. */
interface Names {
  tokens: Map<string, Token>;
  keys: Map<string, ApiKey>;
}

function useNames(): Names {
  const [names, setNames] = useState<Names>({ tokens: new Map(), keys: new Map() });
  useEffect(() => {
    // Best effort: without them the table still shows what happened.
    void Promise.allSettled([
      api<{ items: Token[] }>('GET', '/tokens'),
      api<{ items: ApiKey[] }>('GET', '/api-keys'),
    ]).then(([tokens, keys]) =>
      setNames({
        tokens: new Map(tokens.status === 'fulfilled' ? tokens.value.items.map((t) => [t.id, t]) : []),
        keys: new Map(keys.status === 'fulfilled' ? keys.value.items.map((k) => [k.id, k]) : []),
      }),
    );
  }, []);
  return names;
}

function TokenName({ id, names }: { id: string | null; names: Names }) {
  if (id === null) return <>—</>;
  const token = names.tokens.get(id);
  if (token === undefined)
    return (
      <span className="muted" title={id}>
        deleted token
      </span>
    );
  return (
    <span title={id}>
      {token.label ?? ''} <code>{token.mask}</code>
      {token.account !== null && <span className="muted"> · {token.account.login}</span>}
    </span>
  );
}

function ActorName({ id, me, names }: { id: string; me: Me; names: Names }) {
  if (id === me.userId) return <span title={id}>you ({me.username})</span>;
  if (id === 'scheduler') return <span>the daily re-check</span>;
  const key = names.keys.get(id);
  if (key !== undefined) {
    return (
      <span title={id}>
        API key {key.name} <code>{key.mask}</code>
      </span>
    );
  }
  return <span className="wrap">{id}</span>;
}

/** The audit log, newest first; filters; "Load more" follows the cursor. */
export function AuditPage({ me }: { me: Me }) {
  const names = useNames();
  const tokenFilterId = useId();
  const [draft, setDraft] = useState<Filters>({ tokenId: '', action: '', outcome: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [items, setItems] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<FkError | null>(null);
  const [loading, setLoading] = useState(false);
  const outcomeId = useId();

  const load = useCallback(
    async (from: string | null) => {
      setLoading(true);
      try {
        const page = await api<{ items: AuditEvent[]; nextCursor: string | null }>(
          'GET',
          `/audit${query({
            tokenId: filters.tokenId.trim(),
            action: filters.action.trim(),
            outcome: filters.outcome,
            limit: String(PAGE_SIZE),
            cursor: from ?? undefined,
          })}`,
        );
        setItems((before) => (from === null ? page.items : [...before, ...page.items]));
        setCursor(page.nextCursor);
        setError(null);
      } catch (thrown) {
        setError(failureOf(thrown));
      } finally {
        setLoading(false);
      }
    },
    [filters],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };

  return (
    <>
      <h1>Audit log</h1>
      <form className="filters" onSubmit={apply} aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor={tokenFilterId}>Token</label>
          <select
            id={tokenFilterId}
            value={draft.tokenId}
            onChange={(e) => setDraft({ ...draft, tokenId: e.target.value })}
          >
            <option value="">Any</option>
            {[...names.tokens.values()].map((token) => (
              <option key={token.id} value={token.id}>
                {token.label === null ? token.mask : `${token.label} (${token.mask})`}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="Action"
          placeholder="e.g. token.add"
          value={draft.action}
          onChange={(e) => setDraft({ ...draft, action: e.target.value })}
        />
        <div className="field">
          <label htmlFor={outcomeId}>Outcome</label>
          <select
            id={outcomeId}
            value={draft.outcome}
            onChange={(e) => setDraft({ ...draft, outcome: e.target.value as Filters['outcome'] })}
          >
            <option value="">Any</option>
            <option value="ok">ok</option>
            <option value="error">error</option>
          </select>
        </div>
        <button type="submit">Apply filters</button>
      </form>
      {error !== null && <ErrorBox error={error} />}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Audit events, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col">Forge</th>
              <th scope="col">Token</th>
              <th scope="col">Actor</th>
            </tr>
          </thead>
          <tbody>
            {items.map((event) => (
              <tr key={event.id}>
                <td>{dateText(event.at)}</td>
                <td>
                  <code>{event.action}</code>
                  {event.target !== null && <span className="muted"> {event.target}</span>}
                </td>
                <td className={event.outcome === 'ok' ? 'ok' : 'bad'}>
                  {event.outcome}
                  {event.errorCode !== null && <code> {event.errorCode}</code>}
                </td>
                <td>{event.forge ?? '—'}</td>
                <td>
                  <TokenName id={event.tokenId} names={names} />
                </td>
                <td>
                  <ActorName id={event.actor} me={me} names={names} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!loading && items.length === 0 && error === null && <p className="muted">No events.</p>}
      {loading && <p role="status">Loading…</p>}
      {cursor !== null && (
        <button type="button" onClick={() => void load(cursor)} disabled={loading}>
          Load more
        </button>
      )}
    </>
  );
}
