import { type FormEvent, useState } from 'react';
import { ErrorBox } from '../components/ErrorBox.js';
import { Field } from '../components/Field.js';
import { api, failureOf, setCsrfToken } from '../lib/api.js';
import type { FkError, SignedIn } from '../lib/types.js';

/** First run: the setup code from the server log creates the first administrator and signs in. */
export function SetupPage({ onDone }: { onDone: () => void }) {
  const [code, setCode] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<FkError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const signedIn = await api<SignedIn>('POST', '/setup', { code: code.trim(), username, password });
      setCsrfToken(signedIn.csrfToken);
      onDone();
    } catch (thrown) {
      setError(failureOf(thrown));
      setBusy(false);
    }
  };

  return (
    <main className="centered">
      <h1>Welcome to Forgekeeper</h1>
      <p>Create the administrator account. The setup code is printed in the server log at start-up.</p>
      <form className="card" onSubmit={(event) => void submit(event)} aria-label="First-run setup">
        <Field
          label="Setup code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          required
          autoComplete="off"
        />
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
          autoComplete="new-password"
        />
        {error !== null && <ErrorBox error={error} />}
        <button type="submit" className="primary" disabled={busy}>
          Create administrator
        </button>
      </form>
    </main>
  );
}
