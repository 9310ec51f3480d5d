import { type FormEvent, useState } from 'react';
import { PasswordField } from '../components/AuthForm.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { api, failureOf } from '../lib/api.js';
import type { FkError, Me } from '../lib/types.js';

/** Your account: who you are, and a new password (every other session of yours ends). */
export function AccountPage({ me }: { me: Me }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FkError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    if (next !== repeat) {
      setError({
        code: 'invalid_input',
        message: 'The new password and its repetition differ.',
        remediation: 'Type the same new password twice.',
      });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ revokedSessions: number }>('POST', '/me/password', {
        currentPassword: current,
        newPassword: next,
      });
      const others = answer.revokedSessions;
      setDone(
        `Password changed. ${others === 0 ? 'You had no other sessions.' : `${others} other session${others === 1 ? '' : 's'} signed out.`}`,
      );
    } catch (thrown) {
      setError(failureOf(thrown));
    } finally {
      // Passwords are not kept in the page, whatever the answer.
      setCurrent('');
      setNext('');
      setRepeat('');
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Account</h1>
      <p>
        Signed in as <strong>{me.username}</strong> ({me.role === 'admin' ? 'administrator' : 'user'}).
      </p>
      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        {me.via !== 'session' ? (
          <p className="muted">An API key cannot change a password; sign in to the web UI.</p>
        ) : (
          <form onSubmit={(event) => void submit(event)} aria-label="Change password">
            <PasswordField label="Current password" value={current} onChange={setCurrent} purpose="current" />
            <PasswordField label="New password" value={next} onChange={setNext} purpose="new" />
            <PasswordField
              label="Repeat the new password"
              value={repeat}
              onChange={setRepeat}
              purpose="new"
            />
            {error !== null && <ErrorBox error={error} />}
            <button type="submit" className="primary" disabled={busy}>
              Change password
            </button>
          </form>
        )}
        {done !== null && (
          <p className="notice" role="status">
            {done}
          </p>
        )}
      </section>
    </>
  );
}
