import { scopeChips } from '../lib/format.js';

/** Scopes held, and the ones to add highlighted as missing. */
export function ScopeChips({ held, toAdd }: { held: string[] | null; toAdd: string[] }) {
  const chips = scopeChips(held, toAdd);
  if (held === null && toAdd.length === 0) return <span className="muted">not reported by the forge</span>;
  if (chips.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="chips" aria-label="Scopes">
      {chips.map((chip) => (
        <li key={chip.name} className={chip.missing ? 'chip missing' : 'chip'}>
          {chip.name}
          {chip.missing && <span className="visually-hidden"> (missing)</span>}
        </li>
      ))}
    </ul>
  );
}
