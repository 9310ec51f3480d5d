import { statusText, statusTone } from '../lib/format.js';

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge tone-${statusTone(status)}`}>{statusText(status)}</span>;
}
