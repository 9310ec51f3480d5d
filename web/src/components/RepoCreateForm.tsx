import { type FormEvent, useState } from 'react';
import { api, failureOf } from '../lib/api.js';
import type { FkError, Repository } from '../lib/types.js';
import { ErrorBox } from './ErrorBox.js';
import { Field } from './Field.js';

interface RepoCreateFormProps {
  path: string;
  onCreated: (repository: Repository, created: boolean) => void;
}

/** Create a repository with the token: in its owner's namespace, or an organisation/group/workspace. */
export function RepoCreateForm({ path, onCreated }: RepoCreateFormProps) {
  const [name, setName] = useState('');
  const [owner, setOwner] = useState('');
  const [description, setDescription] = useState('');
  const [isPrivate, setPrivate] = useState(true);
  const [initialize, setInitialize] = useState(true);
  const [reuse, setReuse] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FkError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const answer = await api<{ repository: Repository; created: boolean }>('POST', `${path}/repos`, {
        name: name.trim(),
        ...(owner.trim() === '' ? {} : { owner: owner.trim() }),
        ...(description.trim() === '' ? {} : { description: description.trim() }),
        private: isPrivate,
        initialize,
        ifExists: reuse ? 'reuse' : 'fail',
      });
      setDone(
        `${answer.created ? 'Created' : 'Already there, reused'}: ${answer.repository.fullName}${answer.repository.private ? ' (private)' : ''}.`,
      );
      setName('');
      setDescription('');
      onCreated(answer.repository, answer.created);
    } catch (thrown) {
      setError(failureOf(thrown));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="create-repo-title">
      <h2 id="create-repo-title">Create a repository</h2>
      <form onSubmit={(event) => void submit(event)} aria-label="Create a repository">
        <Field label="Name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} required />
        <Field
          label="Owner (optional)"
          value={owner}
          maxLength={255}
          onChange={(e) => setOwner(e.target.value)}
          hint="An organisation, group path or workspace; empty: the token owner's own namespace."
        />
        <Field
          label="Description (optional)"
          value={description}
          maxLength={2000}
          onChange={(e) => setDescription(e.target.value)}
        />
        <fieldset className="options">
          <legend>Options</legend>
          <label className="check">
            <input type="checkbox" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} />
            Private
          </label>
          <label className="check">
            <input type="checkbox" checked={initialize} onChange={(e) => setInitialize(e.target.checked)} />
            Initialise with a README (a first commit on the default branch)
          </label>
          <label className="check">
            <input type="checkbox" checked={reuse} onChange={(e) => setReuse(e.target.checked)} />
            If it already exists, use it instead of failing
          </label>
        </fieldset>
        <button type="submit" className="primary" disabled={busy || name.trim() === ''}>
          {busy ? 'Creating…' : 'Create repository'}
        </button>
      </form>
      <div aria-live="polite">
        {error !== null && <ErrorBox error={error} />}
        {done !== null && (
          <p className="notice" role="status">
            {done}
          </p>
        )}
      </div>
    </section>
  );
}
