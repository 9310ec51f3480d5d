import { type FormEvent, useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { Field } from '../components/Field.js';
import { api, failureOf } from '../lib/api.js';
import { ago, dateText } from '../lib/format.js';
import { API_KEY_SCOPES, type ApiKey, type ApiKeyScope } from '../lib/types.js';
import { useItems } from '../lib/use-items.js';

/** API keys: create (the key shown once), list, revoke. */
export function ApiKeysPage({ canCreate }: { canCreate: boolean }) {
  const { items: keys, reload, error, setError } = useItems<ApiKey>('/api-keys');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['tokens:read']);
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setCopied(false);
    try {
      const expiresAt = expires === '' ? null : new Date(`${expires}T23:59:59`).toISOString();
      const answer = await api<{ key: string; apiKey: ApiKey }>('POST', '/api-keys', {
        name: name.trim(),
        scopes,
        expiresAt,
      });
      setCreated(answer.key);
      setName('');
      void reload();
    } catch (thrown) {
      setError(failureOf(thrown));
    }
  };

  const revoke = async (key: ApiKey) => {
    setRevoking(null);
    try {
      await api('DELETE', `/api-keys/${encodeURIComponent(key.id)}`);
      void reload();
    } catch (thrown) {
      setError(failureOf(thrown));
    }
  };

  const copy = async () => {
    if (created === null) return;
    await navigator.clipboard.writeText(created);
    setCopied(true);
  };

  return (
    <>
      <h1>API keys</h1>
      {error !== null && <ErrorBox error={error} />}
      {canCreate && (
        <section className="card" aria-labelledby="new-key-title">
          <h2 id="new-key-title">Create an API key</h2>
          <form onSubmit={(event) => void create(event)} aria-label="Create an API key">
            <Field
              label="Name"
              value={name}
              maxLength={64}
              required
              onChange={(e) => setName(e.target.value)}
            />
            <fieldset>
              <legend>Scopes</legend>
              {API_KEY_SCOPES.map((scope) => (
                <label key={scope} className="check">
                  <input
                    type="checkbox"
                    checked={scopes.includes(scope)}
                    onChange={(e) =>
                      setScopes(
                        e.target.checked
                          ? API_KEY_SCOPES.filter((s) => s === scope || scopes.includes(s))
                          : scopes.filter((s) => s !== scope),
                      )
                    }
                  />
                  {scope}
                </label>
              ))}
            </fieldset>
            <Field
              label="Expires on (optional)"
              type="date"
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
            />
            <button type="submit" className="primary" disabled={scopes.length === 0 || name.trim() === ''}>
              Create key
            </button>
          </form>
          {created !== null && (
            <div className="once" role="status">
              <p>
                <strong>Copy the key now:</strong> it is shown only this once.
              </p>
              <p>
                <span className="visually-hidden">New API key: </span>
                <code className="secret">{created}</code>
              </p>
              <div className="actions">
                <button type="button" onClick={() => void copy()}>
                  {copied ? 'Copied' : 'Copy key'}
                </button>
                <button type="button" onClick={() => setCreated(null)}>
                  Done
                </button>
              </div>
            </div>
          )}
        </section>
      )}
      <section aria-labelledby="keys-title">
        <h2 id="keys-title">Your keys</h2>
        {keys !== null && keys.length === 0 && <p className="muted">No API keys.</p>}
        {keys !== null && keys.length > 0 && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Status</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key.id}>
                    <td>{key.name}</td>
                    <td>
                      <code>{key.mask}</code>
                    </td>
                    <td>{key.scopes.join(', ')}</td>
                    <td>{key.status}</td>
                    <td>{key.expiresAt === null ? 'never' : dateText(key.expiresAt)}</td>
                    <td>{ago(key.lastUsedAt)}</td>
                    <td>
                      {key.status === 'active' && (
                        <button type="button" className="danger" onClick={() => setRevoking(key)}>
                          Revoke <span className="visually-hidden">{key.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {revoking !== null && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          confirmLabel="Revoke key"
          onConfirm={() => void revoke(revoking)}
          onCancel={() => setRevoking(null)}
        >
          <p>Programs using this key stop working at once.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
