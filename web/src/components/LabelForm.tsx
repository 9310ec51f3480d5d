import { type FormEvent, useState } from 'react';
import { api, failureOf } from '../lib/api.js';
import type { FkError, Token } from '../lib/types.js';
import { ErrorBox } from './ErrorBox.js';
import { Field } from './Field.js';

interface LabelFormProps {
  token: Token;
  onDone: () => void;
  onClose: () => void;
}

/** Rename a saved token; an empty label removes it (the mask names the token then). */
export function LabelForm({ token, onDone, onClose }: LabelFormProps) {
  const [label, setLabel] = useState(token.label ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FkError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const trimmed = label.trim();
      await api('PATCH', `/tokens/${encodeURIComponent(token.id)}`, {
        label: trimmed === '' ? null : trimmed,
      });
      onDone();
      onClose();
    } catch (thrown) {
      setError(failureOf(thrown));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="inline-form"
      onSubmit={(event) => void submit(event)}
      aria-label={`Rename ${token.label ?? token.mask}`}
    >
      <Field
        label="New label"
        value={label}
        maxLength={64}
        onChange={(e) => setLabel(e.target.value)}
        hint="Empty: no label."
        autoFocus
      />
      {error !== null && <ErrorBox error={error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Save label
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
