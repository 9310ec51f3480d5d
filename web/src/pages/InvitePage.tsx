import { useState } from 'react';
import { AuthForm, CodeField, PasswordField, useSignIn } from '../components/AuthForm.js';

/** Accepting an invitation: the code an administrator passed on, and a password of one's own. */
export function InvitePage({ onDone, onBack }: { onDone: () => void; onBack: () => void }) {
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSignIn('/invites/redeem', onDone);

  return (
    <AuthForm
      title="Accept your invitation"
      intro="An administrator invited you and gave you a code. Choose your password; you are signed in at once."
      formLabel="Accept invitation"
      submitLabel="Set password and sign in"
      busy={busy}
      error={error}
      onSubmit={() => void submit({ code: code.trim(), password }, () => setPassword(''))}
      footer={
        <p>
          <button type="button" className="link" onClick={onBack}>
            Back to sign in
          </button>
        </p>
      }
    >
      <CodeField label="Invitation code" value={code} onChange={setCode} />
      <PasswordField value={password} onChange={setPassword} purpose="new" />
    </AuthForm>
  );
}
