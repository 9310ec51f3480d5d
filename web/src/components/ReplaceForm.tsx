import { type FormEvent, useState } from 'react';
import { api, failureOf } from '../lib/api.js';
import type { FkError, Report, Revocation, Token } from '../lib/types.js';
import { ErrorBox } from './ErrorBox.js';
import { Field } from './Field.js';
import { ReportView } from './ReportView.js';

interface Rotated {
  token: Token;
  method: 'forge' | 'supplied';
  report: Report | null;
  oldToken: Revocation;
}

/** Replace a token with a new one you created, or (GitLab) rotate it through the forge's API. */
export function ReplaceForm({
  token,
  onDone,
  onClose,
}: {
  token: Token;
  onDone: () => void;
  onClose: () => void;
}) {
  const [raw, setRaw] = useState('');
  const [revokeOld, setRevokeOld] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FkError | null>(null);
  const [result, setResult] = useState<Rotated | null>(null);
  const canRotateAtForge = token.forge === 'gitlab';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = { revokeOld, ...(raw.trim() === '' ? {} : { token: raw.trim() }) };
    setRaw('');
    try {
      setResult(await api<Rotated>('POST', `/tokens/${encodeURIComponent(token.id)}/rotate`, body));
      onDone();
    } catch (thrown) {
      setError(failureOf(thrown));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="replace" onSubmit={(event) => void submit(event)} aria-label={`Replace ${token.mask}`}>
      <Field
        label="New token"
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={raw}
        onChange={(e) => setRaw(e.target.value)}
        required={!canRotateAtForge}
        hint={canRotateAtForge ? 'Leave empty to rotate through GitLab’s API.' : undefined}
      />
      <label className="check">
        <input type="checkbox" checked={revokeOld} onChange={(e) => setRevokeOld(e.target.checked)} />
        Revoke the old token at the forge
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {raw.trim() === '' && canRotateAtForge ? 'Rotate at GitLab' : 'Replace'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <div aria-live="polite">
        {error !== null && <ErrorBox error={error} />}
        {result !== null && (
          <>
            <p role="status">
              Replaced ({result.method === 'forge' ? 'rotated at the forge' : 'with your new token'}); old
              token: {result.oldToken.type.replaceAll('_', ' ')}.
            </p>
            {result.oldToken.manual !== undefined && (
              <p>
                {result.oldToken.manual.instructions}{' '}
                <a href={result.oldToken.manual.url} target="_blank" rel="noreferrer noopener">
                  Open the page
                </a>
              </p>
            )}
            {result.report !== null && <ReportView report={result.report} />}
          </>
        )}
      </div>
    </form>
  );
}
