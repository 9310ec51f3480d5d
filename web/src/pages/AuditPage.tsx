import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { ErrorBox } from '../components/ErrorBox.js';
import { Field } from '../components/Field.js';
import { api, failureOf, query } from '../lib/api.js';
import { dateText } from '../lib/format.js';
import type { AuditEvent, FkError } from '../lib/types.js';

interface Filters {
  tokenId: string;
  action: string;
  outcome: '' | 'ok' | 'error';
}

const PAGE_SIZE = 50;

/** The audit log, newest first; filters; "Load more" follows the cursor. */
export function AuditPage() {
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
        <Field
          label="Token id"
          value={draft.tokenId}
          onChange={(e) => setDraft({ ...draft, tokenId: e.target.value })}
        />
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
                <td className="wrap">{event.tokenId ?? '—'}</td>
                <td className="wrap">{event.actor}</td>
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
