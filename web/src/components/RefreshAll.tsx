import { useEffect, useRef, useState } from 'react';
import { api, failureOf } from '../lib/api.js';
import { hostLabel } from '../lib/format.js';
import { type FkError, FORGE_NAMES, type RefreshJob } from '../lib/types.js';
import { ErrorBox } from './ErrorBox.js';

const POLL_MS = 1000;

/** Refresh All: start the job, poll it, show progress per host, re-fetch the list as results land. */
export function RefreshAll({ onProgress }: { onProgress: () => void }) {
  const [job, setJob] = useState<RefreshJob | null>(null);
  const [error, setError] = useState<FkError | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const lastDone = useRef(-1);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const poll = (id: string) => {
    timer.current = window.setTimeout(async () => {
      try {
        const next = await api<RefreshJob>('GET', `/tokens/refresh/${encodeURIComponent(id)}`);
        setJob(next);
        if (next.done !== lastDone.current || next.finished) {
          lastDone.current = next.done;
          onProgress();
        }
        if (!next.finished) poll(id);
      } catch (thrown) {
        setError(failureOf(thrown));
      }
    }, POLL_MS);
  };

  const start = async () => {
    setError(null);
    lastDone.current = -1;
    try {
      const started = await api<RefreshJob>('POST', '/tokens/refresh');
      setJob(started);
      poll(started.id);
    } catch (thrown) {
      setError(failureOf(thrown));
    }
  };

  const running = job !== null && !job.finished;
  return (
    <section className="refresh" aria-label="Refresh All">
      <button type="button" className="primary" onClick={() => void start()} disabled={running}>
        {running ? 'Refreshing…' : 'Refresh All'}
      </button>
      {job !== null && (
        <div aria-live="polite">
          <progress max={Math.max(1, job.total)} value={job.done} aria-label="Refresh progress" />
          <p role="status">
            {job.finished ? 'Finished' : 'Checking'}: {job.done} of {job.total} tokens
          </p>
          <ul className="hosts">
            {Object.entries(job.byHost).map(([host, progress]) => (
              <li key={host} title={host}>
                {FORGE_NAMES[progress.forge]}
                {hostLabel(host, progress.forge) !== '' && (
                  <span className="muted"> ({hostLabel(host, progress.forge)})</span>
                )}
                : {progress.done}/{progress.total}
                {progress.stale > 0 && `, ${progress.stale} stale`}
                {progress.rateLimited > 0 && `, ${progress.rateLimited} rate limited`}
                {progress.paused && ' (paused for the rate limit)'}
              </li>
            ))}
          </ul>
          {job.error !== null && <ErrorBox error={job.error} />}
        </div>
      )}
      {error !== null && <ErrorBox error={error} />}
    </section>
  );
}
