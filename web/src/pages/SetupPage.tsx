import { useState } from 'react';
import { AuthForm, CodeField, PasswordField, UsernameField, useSignIn } from '../components/AuthForm.js';

/** First run: the setup code from the server log creates the first administrator and signs in. */
export function SetupPage({ onDone }: { onDone: () => void }) {
  const [code, setCode] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSignIn('/setup', onDone);

  return (
    <AuthForm
      title="Welcome to Forgekeeper"
      intro="Create the administrator account. The setup code is printed in the server log at start-up."
      formLabel="First-run setup"
      submitLabel="Create administrator"
      busy={busy}
      error={error}
      onSubmit={() => void submit({ code: code.trim(), username, password })}
    >
      <CodeField label="Setup code" value={code} onChange={setCode} />
      <UsernameField value={username} onChange={setUsername} />
      <PasswordField value={password} onChange={setPassword} purpose="new" />
    </AuthForm>
  );
}
