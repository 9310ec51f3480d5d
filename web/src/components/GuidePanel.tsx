import { useEffect, useState } from 'react';
import { api, failureOf, query } from '../lib/api.js';
import { type Capability, type FkError, FORGE_NAMES, type ForgeId, type Guide } from '../lib/types.js';
import { ErrorBox } from './ErrorBox.js';

/** "How to create a token": the pre-filled creation link and the exact scopes to tick. */
interface GuidePanelProps {
  forge: ForgeId;
  require: Capability[];
  /** The disclosure's text; default "How to create a <forge> token". */
  summary?: string;
}

export function GuidePanel({ forge, require, summary }: GuidePanelProps) {
  const [guide, setGuide] = useState<Guide | null>(null);
  const [error, setError] = useState<FkError | null>(null);
  const wanted = require.join(',');

  useEffect(() => {
    let live = true;
    api<Guide>('GET', `/guides${query({ forge, require: wanted })}`).then(
      (answer) => live && setGuide(answer),
      (thrown) => live && setError(failureOf(thrown)),
    );
    return () => {
      live = false;
    };
  }, [forge, wanted]);

  return (
    <details className="guide">
      <summary>{summary ?? `How to create a ${FORGE_NAMES[forge]} token`}</summary>
      {error !== null && <ErrorBox error={error} />}
      {guide !== null && (
        <>
          {guide.url !== null && (
            <p>
              <a href={guide.url} target="_blank" rel="noreferrer noopener">
                Open the pre-filled {FORGE_NAMES[forge]} token page
              </a>
            </p>
          )}
          <ol>
            {guide.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
          {guide.scopes.length > 0 && (
            <>
              <p>Select exactly:</p>
              <ul className="chips" aria-label={`Scopes to select on ${FORGE_NAMES[forge]}`}>
                {guide.scopes.map((scope) => (
                  <li key={scope} className="chip">
                    {scope}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </details>
  );
}
