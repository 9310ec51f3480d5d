import { type FormEvent, useId, useState } from 'react';
import { api, failureOf } from '../lib/api.js';
import { rememberChoice } from '../lib/capability-choice.js';
import { detectForge, needsEmail } from '../lib/detect-forge.js';
import {
  type AddedToken,
  type Capability,
  type FkError,
  FORGE_NAMES,
  FORGES,
  type ForgeId,
} from '../lib/types.js';
import { CapabilityPicker } from './CapabilityPicker.js';
import { ErrorBox } from './ErrorBox.js';
import { Field } from './Field.js';
import { GuidePanel } from './GuidePanel.js';
import { ReportView } from './ReportView.js';

const API_URL_EXAMPLES: Record<ForgeId, string> = {
  github: 'https://github.example.com/api/v3',
  gitlab: 'https://gitlab.example.com/api/v4',
  bitbucket: 'https://api.bitbucket.org/2.0',
};

interface AddTokenFormProps {
  onSaved: () => void;
  /** The capabilities the person needs: the page's selection, also what a row's Check asks for. */
  require: Capability[];
  onRequireChange: (next: Capability[]) => void;
}

/** Add a token: forge guessed from the paste, checked at the forge, result shown at once. */
export function AddTokenForm({ onSaved, require, onRequireChange }: AddTokenFormProps) {
  const [forge, setForge] = useState<ForgeId>('github');
  const [label, setLabel] = useState('');
  const [apiUrl, setApiUrl] = useState('');
  const [email, setEmail] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AddedToken | null>(null);
  const [error, setError] = useState<FkError | null>(null);
  const forgeId = useId();

  const onToken = (value: string) => {
    setToken(value);
    const detected = detectForge(value);
    if (detected !== null) setForge(detected);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    const body = {
      forge,
      token: token.trim(),
      ...(label.trim() === '' ? {} : { label: label.trim() }),
      ...(apiUrl.trim() === '' ? {} : { apiUrl: apiUrl.trim() }),
      ...(needsEmail(forge, token) && email.trim() !== '' ? { email: email.trim() } : {}),
      require,
    };
    // The token is never kept or shown again, whatever the answer.
    setToken('');
    try {
      const added = await api<AddedToken>('POST', '/tokens', body);
      rememberChoice(added.token.id, require);
      setResult(added);
      setLabel('');
      onSaved();
    } catch (thrown) {
      setError(failureOf(thrown));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="add-token-title">
      <h2 id="add-token-title">Add token</h2>
      <form onSubmit={(event) => void submit(event)} aria-label="Add token">
        <Field
          label="Token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => onToken(e.target.value)}
          required
          hint="Paste it here; the forge is recognised from its prefix. It is stored encrypted and never shown again."
        />
        <div className="field">
          <label htmlFor={forgeId}>Forge</label>
          <select id={forgeId} value={forge} onChange={(e) => setForge(e.target.value as ForgeId)}>
            {FORGES.map((id) => (
              <option key={id} value={id}>
                {FORGE_NAMES[id]}
              </option>
            ))}
          </select>
        </div>
        <Field label="Label" value={label} maxLength={64} onChange={(e) => setLabel(e.target.value)} />
        <Field
          label="Self-hosted API URL (optional)"
          type="url"
          placeholder={API_URL_EXAMPLES[forge]}
          value={apiUrl}
          onChange={(e) => setApiUrl(e.target.value)}
        />
        {needsEmail(forge, token) && (
          <Field
            label="Atlassian account email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            hint="Bitbucket API tokens are used together with your Atlassian account email."
          />
        )}
        <CapabilityPicker value={require} onChange={onRequireChange} />
        <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Saving…' : 'Save Token'}
        </button>
      </form>
      <div aria-live="polite">
        {error !== null && <ErrorBox error={error} />}
        {result !== null && (
          <div className="saved">
            <p role="status">
              {result.created ? 'Saved' : 'Updated'} {FORGE_NAMES[result.token.forge]} token{' '}
              <code>{result.token.mask}</code>.{result.notice !== null && ` ${result.notice}`}
            </p>
            <ReportView report={result.report} />
          </div>
        )}
      </div>
      <GuidePanel
        forge={forge}
        require={require}
        summary={`Create a ${FORGE_NAMES[forge]} token with exactly these capabilities`}
      />
    </section>
  );
}
