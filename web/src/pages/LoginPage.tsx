import { type FormEvent, useState } from 'react';
import { ErrorBox } from '../components/ErrorBox.js';
import { Field } from '../components/Field.js';
import { api, failureOf, setCsrfToken } from '../lib/api.js';
import type { FkError, SignedIn } from '../lib/types.js';

export function LoginPage({ onDone }: { onDone: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<FkError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const signedIn = await api<SignedIn>('POST', '/session', { username, password });
      setCsrfToken(signedIn.csrfToken);
      onDone();
    } catch (thrown) {
      setError(failureOf(thrown));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <main className="centered">
      <h1>Sign in to Forgekeeper</h1>
      <form className="card" onSubmit={(event) => void submit(event)} aria-label="Sign in">
        <Field
          label="Username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
          autoComplete="username"
        />
        <Field
          label="Password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          autoComplete="current-password"
        />
        {error !== null && <ErrorBox error={error} />}
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
