import { useId, useState } from 'react';
import { api, failureOf } from '../lib/api.js';
import { choiceFor, forgetChoice } from '../lib/capability-choice.js';
import { ago, countdown, dateText } from '../lib/format.js';
import { reposPath } from '../lib/router.js';
import type { Capability, CheckedToken, FkError, Revocation, Token } from '../lib/types.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { ErrorBox } from './ErrorBox.js';
import { LabelForm } from './LabelForm.js';
import { ReplaceForm } from './ReplaceForm.js';
import { ReportView } from './ReportView.js';
import { StatusBadge } from './StatusBadge.js';

interface TokenRowProps {
  token: Token;
  onChanged: () => void;
  onNotice: (text: string) => void;
  /** The page's capability selection: what Check asks for unless this token was saved with its own. */
  require: Capability[];
  go: (path: string) => void;
}

/** One saved token: what is known about it, and Check, Set default, Rename, Replace, Delete, Repositories. */
export function TokenRow({ token, onChanged, onNotice, require, go }: TokenRowProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FkError | null>(null);
  const [checked, setChecked] = useState<CheckedToken | null>(null);
  const [replacing, setReplacing] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [revoke, setRevoke] = useState(true);
  const titleId = useId();
  const name = token.label ?? token.mask;
  const path = `/tokens/${encodeURIComponent(token.id)}`;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (thrown) {
      setError(failureOf(thrown));
    } finally {
      setBusy(false);
    }
  };

  const check = () =>
    run(async () => {
      // The capabilities chosen when it was saved, else the page's: missing scopes show as on Save.
      const needed = choiceFor(token.id) ?? require;
      setChecked(await api<CheckedToken>('POST', `${path}/check`, { require: needed }));
      onChanged();
    });
  const makeDefault = () =>
    run(async () => {
      await api('POST', `${path}/default`);
      onChanged();
    });
  const remove = () => {
    setDeleting(false);
    void run(async () => {
      const answer = await api<{ revocation: Revocation }>(
        'DELETE',
        `${path}${revoke ? '?revoke=true' : ''}`,
      );
      const r = answer.revocation;
      const said =
        r.type === 'manual' && r.manual
          ? ` Revoke it yourself: ${r.manual.instructions} ${r.manual.url}`
          : '';
      forgetChoice(token.id);
      onNotice(`Deleted ${name} (revocation: ${r.type.replaceAll('_', ' ')}).${said}`);
      onChanged();
    });
  };

  return (
    <li className="token" aria-labelledby={titleId}>
      <div className="token-head">
        <h4 id={titleId}>
          {name}
          {token.isDefault && <span className="default-mark">default</span>}
        </h4>
        <StatusBadge status={token.status} />
      </div>
      <dl className="facts">
        <dt>Token</dt>
        <dd>
          <code>{token.mask}</code> <span className="muted">{token.kind}</span>
        </dd>
        <dt>Account</dt>
        <dd>{token.account === null ? '—' : token.account.login}</dd>
        <dt>Host</dt>
        <dd className="wrap">{token.apiUrl}</dd>
        <dt>Expires</dt>
        <dd title={token.expiresAt ?? undefined}>{countdown(token.expiresAt)}</dd>
        <dt>Last checked</dt>
        <dd title={dateText(token.lastCheckedAt)}>{ago(token.lastCheckedAt)}</dd>
        <dt>Last used</dt>
        <dd title={dateText(token.lastUsedAt)}>{ago(token.lastUsedAt)}</dd>
        {token.statusCode !== null && (
          <>
            <dt>Reason</dt>
            <dd>
              <code>{token.statusCode}</code>
            </dd>
          </>
        )}
      </dl>
      <fieldset className="actions plain">
        <legend className="visually-hidden">Actions for {name}</legend>
        <button type="button" onClick={() => void check()} disabled={busy}>
          Check
        </button>
        <button type="button" onClick={() => void makeDefault()} disabled={busy || token.isDefault}>
          Set default
        </button>
        <button type="button" onClick={() => setRenaming((open) => !open)} aria-expanded={renaming}>
          Rename
        </button>
        <button type="button" onClick={() => setReplacing((open) => !open)} aria-expanded={replacing}>
          Replace/Rotate
        </button>
        <a
          className="button"
          href={reposPath(token.id)}
          onClick={(event) => {
            if (event.metaKey || event.ctrlKey || event.shiftKey) return;
            event.preventDefault();
            go(reposPath(token.id));
          }}
        >
          Repositories<span className="visually-hidden"> of {name}</span>
        </a>
        <button type="button" className="danger" onClick={() => setDeleting(true)} disabled={busy}>
          Delete
        </button>
      </fieldset>
      {busy && <p role="status">Working…</p>}
      {error !== null && <ErrorBox error={error} />}
      {checked !== null && <ReportView report={checked.report} error={checked.error} />}
      {renaming && <LabelForm token={token} onDone={onChanged} onClose={() => setRenaming(false)} />}
      {replacing && <ReplaceForm token={token} onDone={onChanged} onClose={() => setReplacing(false)} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${name}?`}
          confirmLabel="Delete token"
          onConfirm={remove}
          onCancel={() => setDeleting(false)}
        >
          <p>Forgekeeper forgets the token. This cannot be undone.</p>
          <label className="check">
            <input type="checkbox" checked={revoke} onChange={(e) => setRevoke(e.target.checked)} />
            Also revoke it at the forge (where the forge allows it)
          </label>
        </ConfirmDialog>
      )}
    </li>
  );
}
