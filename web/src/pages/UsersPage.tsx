import { type FormEvent, useId, useState } from 'react';
import { ErrorBox } from '../components/ErrorBox.js';
import { Field } from '../components/Field.js';
import { api, failureOf } from '../lib/api.js';
import { dateText } from '../lib/format.js';
import type { FkError, Invitation, Me, UserAccount } from '../lib/types.js';
import { useItems } from '../lib/use-items.js';

type Role = 'user' | 'admin';

/** Administrators: the users, invitations (code shown once), disable/enable, lifting a lockout. */
export function UsersPage({ me }: { me: Me }) {
  const { items: users, reload, error, setError } = useItems<UserAccount>('/users');
  const [notice, setNotice] = useState<string | null>(null);

  const setEnabled = async (user: UserAccount, enabled: boolean) => {
    setError(null);
    setNotice(null);
    try {
      await api('POST', `/users/${encodeURIComponent(user.id)}/${enabled ? 'enable' : 'disable'}`);
      setNotice(`${user.username} is ${enabled ? 'enabled' : 'disabled'}.`);
      void reload();
    } catch (thrown) {
      setError(failureOf(thrown));
    }
  };

  return (
    <>
      <h1>Users</h1>
      {notice !== null && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error !== null && <ErrorBox error={error} />}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Users</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(users ?? []).map((user) => (
              <tr key={user.id}>
                <td>
                  {user.username}
                  {user.displayName !== user.username && <span className="muted"> {user.displayName}</span>}
                </td>
                <td>{user.role}</td>
                <td className={user.status === 'active' ? 'ok' : 'bad'}>{user.status}</td>
                <td>{dateText(user.createdAt)}</td>
                <td>
                  {user.id === me.userId ? (
                    <span className="muted">you</span>
                  ) : user.status === 'disabled' ? (
                    <button type="button" onClick={() => void setEnabled(user, true)}>
                      Enable<span className="visually-hidden"> {user.username}</span>
                    </button>
                  ) : (
                    <button type="button" className="danger" onClick={() => void setEnabled(user, false)}>
                      Disable<span className="visually-hidden"> {user.username}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {users === null && error === null && <p role="status">Loading users…</p>}
      <InviteForm onDone={() => void reload()} />
      <CreateUserForm onDone={() => void reload()} />
      <UnlockForm />
    </>
  );
}

function RoleSelect({ value, onChange }: { value: Role; onChange: (role: Role) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Role</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value === 'admin' ? 'admin' : 'user')}>
        <option value="user">user</option>
        <option value="admin">administrator</option>
      </select>
    </div>
  );
}

/** The invitee sets their own password with the code: nobody else ever knows it. */
function InviteForm({ onDone }: { onDone: () => void }) {
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [error, setError] = useState<FkError | null>(null);
  const [invitation, setInvitation] = useState<Invitation | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setInvitation(await api<Invitation>('POST', '/users/invite', { username: username.trim(), role }));
      setUsername('');
      onDone();
    } catch (thrown) {
      setError(failureOf(thrown));
    }
  };

  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite a user</h2>
      <form onSubmit={(event) => void submit(event)} aria-label="Invite a user">
        <Field
          label="Username"
          value={username}
          maxLength={64}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
        <RoleSelect value={role} onChange={setRole} />
        <button type="submit" className="primary">
          Invite
        </button>
      </form>
      {error !== null && <ErrorBox error={error} />}
      {invitation !== null && (
        <div className="once" role="status">
          <p>
            Invitation code for <strong>{invitation.user.username}</strong> — pass it on now; it is shown only
            this once and works until {dateText(invitation.expiresAt)}:
          </p>
          <p>
            <code className="secret">{invitation.code}</code>
          </p>
          <p className="muted">
            They choose their password under “I have an invitation code” on the sign-in page.
          </p>
          <button type="button" onClick={() => setInvitation(null)}>
            Done
          </button>
        </div>
      )}
    </section>
  );
}

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [error, setError] = useState<FkError | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setCreated(null);
    try {
      const user = await api<UserAccount>('POST', '/users', { username: username.trim(), password, role });
      setCreated(`Created ${user.username}.`);
      setUsername('');
      onDone();
    } catch (thrown) {
      setError(failureOf(thrown));
    } finally {
      setPassword('');
    }
  };

  return (
    <section className="card" aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create a user with a password</h2>
      <form onSubmit={(event) => void submit(event)} aria-label="Create a user">
        <Field
          label="Username"
          value={username}
          maxLength={64}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
        <Field
          label="Initial password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          hint="Pass it on safely; the user can change it under Account. An invitation avoids this."
        />
        <RoleSelect value={role} onChange={setRole} />
        <button type="submit">Create user</button>
      </form>
      {error !== null && <ErrorBox error={error} />}
      {created !== null && (
        <p className="notice" role="status">
          {created}
        </p>
      )}
    </section>
  );
}

/** After too many wrong passwords a username is paused; this lifts the pause early. */
function UnlockForm() {
  const [username, setUsername] = useState('');
  const [error, setError] = useState<FkError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      await api('POST', '/users/unlock', { username: username.trim() });
      setDone(`${username.trim()} can sign in again.`);
      setUsername('');
    } catch (thrown) {
      setError(failureOf(thrown));
    }
  };

  return (
    <section className="card" aria-labelledby="unlock-title">
      <h2 id="unlock-title">Unlock a locked-out user</h2>
      <form onSubmit={(event) => void submit(event)} aria-label="Unlock a user">
        <Field
          label="Username"
          value={username}
          maxLength={64}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
        <button type="submit">Unlock</button>
      </form>
      {error !== null && <ErrorBox error={error} />}
      {done !== null && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </section>
  );
}
