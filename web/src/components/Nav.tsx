import { PAGES, type PagePath } from '../lib/router.js';

interface NavProps {
  page: PagePath;
  go: (path: string) => void;
  username: string;
  isAdmin: boolean;
  onSignOut: () => void;
}

export function Nav({ page, go, username, isAdmin, onSignOut }: NavProps) {
  return (
    <header className="top">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <span className="brand">Forgekeeper</span>
      <nav aria-label="Main">
        <ul>
          {PAGES.filter((item) => isAdmin || !item.admin).map((item) => (
            <li key={item.path}>
              <a
                href={item.path}
                aria-current={page === item.path ? 'page' : undefined}
                onClick={(event) => {
                  if (event.metaKey || event.ctrlKey || event.shiftKey) return;
                  event.preventDefault();
                  go(item.path);
                }}
              >
                {item.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <span className="who">
        Signed in as <strong>{username}</strong>
      </span>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
