import { useState } from 'react';
import { AuthForm, PasswordField, UsernameField, useSignIn } from '../components/AuthForm.js';

interface LoginPageProps {
  onDone: () => void;
  /** Shows the page for accepting an invitation instead. */
  onInvited: () => void;
}

export function LoginPage({ onDone, onInvited }: LoginPageProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSignIn('/session', onDone);

  return (
    <AuthForm
      title="Sign in to Forgekeeper"
      formLabel="Sign in"
      submitLabel="Sign in"
      busy={busy}
      error={error}
      onSubmit={() => void submit({ username, password }, () => setPassword(''))}
      footer={
        <p>
          <button type="button" className="link" onClick={onInvited}>
            I have an invitation code
          </button>
        </p>
      }
    >
      <UsernameField value={username} onChange={setUsername} />
      <PasswordField value={password} onChange={setPassword} purpose="current" />
    </AuthForm>
  );
}
