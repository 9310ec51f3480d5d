import { capabilityVerdict, countdown } from '../lib/format.js';
import { CAPABILITIES, type FkError, type Report } from '../lib/types.js';
import { ErrorBox } from './ErrorBox.js';
import { ScopeChips } from './ScopeChips.js';

/** What the forge said about a token: account, scopes, capabilities, expiry — or the error. */
export function ReportView({ report, error }: { report: Report | null; error?: FkError | null }) {
  const failure = error ?? report?.error ?? null;
  return (
    <section className="report" aria-label="Check result">
      {failure !== null && <ErrorBox error={failure} link={report?.tokenPageUrl ?? null} />}
      {report !== null && report.account !== null && (
        <p>
          Account: <strong>{report.account.login}</strong>
          {report.account.name !== null && ` (${report.account.name})`}
        </p>
      )}
      {report !== null && (
        <>
          <div className="report-row">
            <span className="report-label">Scopes</span>
            <ScopeChips held={report.scopes} toAdd={report.scopesToAdd} />
          </div>
          {report.permissionsNeeded.length > 0 && (
            <p>Permissions needed: {report.permissionsNeeded.join(', ')}</p>
          )}
          {report.capabilities !== null && (
            <ul className="capabilities" aria-label="Capabilities">
              {CAPABILITIES.map((name) => {
                const verdict = capabilityVerdict(report.capabilities, name);
                const mark = verdict === true ? '✓' : verdict === false ? '✗' : '?';
                const word = verdict === true ? 'yes' : verdict === false ? 'no' : 'unknown';
                return (
                  <li key={name} className={`cap cap-${word}`}>
                    <span aria-hidden="true">{mark}</span> {name}
                    <span className="visually-hidden">: {word}</span>
                  </li>
                );
              })}
            </ul>
          )}
          {(report.account !== null || report.expiresAt !== null) && (
            <p>Expiry: {countdown(report.expiresAt)}</p>
          )}
          {/* Shown with or without an error: the error says what failed, this says how to fix it. */}
          {report.tokenPageUrl !== null && report.scopesToAdd.length > 0 && (
            <p className="missing-link">
              <a href={report.tokenPageUrl} target="_blank" rel="noreferrer noopener">
                Open the token page to add the missing scopes
              </a>{' '}
              ({report.scopesToAdd.join(', ')})
            </p>
          )}
          {report.notes.length > 0 && (
            <ul className="notes">
              {report.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
