import { useCallback, useEffect, useState } from 'react';
import { ErrorBox } from './components/ErrorBox.js';
import { Nav } from './components/Nav.js';
import { api, failureOf, setCsrfToken } from './lib/api.js';
import { useRoute } from './lib/router.js';
import type { FkError, Me } from './lib/types.js';
import { AccountPage } from './pages/AccountPage.js';
import { ApiKeysPage } from './pages/ApiKeysPage.js';
import { AuditPage } from './pages/AuditPage.js';
import { InvitePage } from './pages/InvitePage.js';
import { LoginPage } from './pages/LoginPage.js';
import { ReposPage } from './pages/ReposPage.js';
import { SetupPage } from './pages/SetupPage.js';
import { TokensPage } from './pages/TokensPage.js';
import { UsersPage } from './pages/UsersPage.js';

type State =
  | { type: 'loading' }
  | { type: 'failed'; error: FkError }
  | { type: 'setup' }
  | { type: 'signed-out' }
  | { type: 'invited' }
  | { type: 'signed-in'; me: Me };

export function App() {
  const [state, setState] = useState<State>({ type: 'loading' });
  const [route, go] = useRoute();

  const load = useCallback(async () => {
    try {
      const setup = await api<{ state: 'needs_setup' | 'ready' }>('GET', '/setup');
      if (setup.state === 'needs_setup') return setState({ type: 'setup' });
      const me = await api<Me>('GET', '/me');
      setCsrfToken(me.csrfToken);
      setState({ type: 'signed-in', me });
    } catch (thrown) {
      const error = failureOf(thrown);
      if (error.code === 'unauthenticated') setState({ type: 'signed-out' });
      else setState({ type: 'failed', error });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const signOut = async () => {
    try {
      await api('DELETE', '/session');
    } finally {
      setCsrfToken(null);
      setState({ type: 'signed-out' });
    }
  };

  switch (state.type) {
    case 'loading':
      return (
        <main className="centered">
          <p role="status">Loading…</p>
        </main>
      );
    case 'failed':
      return (
        <main className="centered">
          <h1>Forgekeeper</h1>
          <ErrorBox error={state.error} />
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </main>
      );
    case 'setup':
      return <SetupPage onDone={() => void load()} />;
    case 'signed-out':
      return <LoginPage onDone={() => void load()} onInvited={() => setState({ type: 'invited' })} />;
    case 'invited':
      return <InvitePage onDone={() => void load()} onBack={() => setState({ type: 'signed-out' })} />;
    case 'signed-in': {
      const { me } = state;
      const page = route.page;
      return (
        <>
          <Nav
            page={page === 'repos' ? '/tokens' : page}
            go={go}
            username={me.username}
            isAdmin={me.role === 'admin'}
            onSignOut={() => void signOut()}
          />
          <main id="main" className="page">
            {route.page === 'repos' && <ReposPage key={route.tokenId} tokenId={route.tokenId} go={go} />}
            {page === '/tokens' && <TokensPage go={go} />}
            {page === '/audit' && <AuditPage me={me} />}
            {page === '/api-keys' && <ApiKeysPage canCreate={me.via === 'session'} />}
            {page === '/users' &&
              (me.role === 'admin' ? <UsersPage me={me} /> : <p>Only administrators manage users.</p>)}
            {page === '/account' && <AccountPage me={me} />}
          </main>
        </>
      );
    }
  }
}
