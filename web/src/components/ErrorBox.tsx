import type { FkError } from '../lib/types.js';

/** A catalogue error as the API answered it: code, message, remediation, and a link when it has one. */
export function ErrorBox({ error, link }: { error: FkError; link?: string | null }) {
  const url = link ?? linkOf(error);
  return (
    <div className="error-box" role="alert">
      <p>
        <code className="error-code">{error.code}</code> {error.message}
      </p>
      {error.remediation !== '' && <p className="remediation">{error.remediation}</p>}
      {url !== null && (
        <p>
          <a href={url} target="_blank" rel="noreferrer noopener">
            Open the token page
          </a>
        </p>
      )}
    </div>
  );
}

function linkOf(error: FkError): string | null {
  for (const key of ['tokenPageUrl', 'url']) {
    const value = error.details?.[key];
    if (typeof value === 'string' && /^https?:\/\//.test(value)) return value;
  }
  return null;
}
