import { type FormEvent, type ReactNode, useState } from 'react';
import { api, failureOf, setCsrfToken } from '../lib/api.js';
import type { FkError, SignedIn } from '../lib/types.js';
import { ErrorBox } from './ErrorBox.js';
import { Field } from './Field.js';

/**
 * A signed-out form that ends signed in — sign in, first-run setup, accepting an invitation: they
 * post to an endpoint that answers `{ user, csrfToken }` with the session cookie.
 */
export function useSignIn(path: string, onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FkError | null>(null);
  /** Posts `body`; on failure shows the error and calls `onFailure` (e.g. to empty the password). */
  const submit = async (body: unknown, onFailure?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      const signedIn = await api<SignedIn>('POST', path, body);
      setCsrfToken(signedIn.csrfToken);
      onDone();
    } catch (thrown) {
      setError(failureOf(thrown));
      onFailure?.();
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

interface AuthFormProps {
  title: string;
  intro?: ReactNode;
  /** The form's accessible name. */
  formLabel: string;
  submitLabel: string;
  busy: boolean;
  error: FkError | null;
  onSubmit: () => void;
  children: ReactNode;
  /** Below the form: links to the other signed-out pages. */
  footer?: ReactNode;
}

/** The page around such a form: heading, card, fields, the error, the submit button. */
export function AuthForm({
  title,
  intro,
  formLabel,
  submitLabel,
  busy,
  error,
  onSubmit,
  children,
  footer,
}: AuthFormProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <main className="centered">
      <h1>{title}</h1>
      {intro !== undefined && <p>{intro}</p>}
      <form className="card" onSubmit={submit} aria-label={formLabel}>
        {children}
        {error !== null && <ErrorBox error={error} />}
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
      </form>
      {footer}
    </main>
  );
}

interface TextProps {
  value: string;
  onChange: (value: string) => void;
}

export function UsernameField({ value, onChange }: TextProps) {
  return (
    <Field
      label="Username"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      required
      autoComplete="username"
    />
  );
}

/** `current` for signing in; `new` where a password is chosen (browsers offer to generate one). */
export function PasswordField({
  value,
  onChange,
  purpose,
  label = 'Password',
}: TextProps & { purpose: 'current' | 'new'; label?: string }) {
  return (
    <Field
      label={label}
      type="password"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      required
      autoComplete={purpose === 'current' ? 'current-password' : 'new-password'}
      hint={purpose === 'new' ? 'At least 12 characters.' : undefined}
    />
  );
}

/** A one-time code (setup, invitation): no autocomplete, no spell check. */
export function CodeField({ label, value, onChange }: TextProps & { label: string }) {
  return (
    <Field
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      required
      autoComplete="off"
      spellCheck={false}
    />
  );
}
