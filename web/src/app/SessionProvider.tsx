// Holds the session token, builds the API clients for it and ends the session when the server rejects it.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { Provider } from 'urql';
import { useLocation, useNavigate } from 'react-router-dom';
import { createApiClients } from '../api/client';
import { readToken, writeToken } from '../api/token';
import { loginUrlFor } from '../lib/sessionRedirect';
import { useLatest } from '../components/useLatest';

export interface SessionState {
  token: string | null;
  /** Stores a new session token (after login or setup). */
  signIn: (token: string) => void;
  /** Forgets the token and goes to the login page. */
  signOut: () => void;
  /** Forgets the token and goes to the login page, returning to the current page afterwards. */
  endSession: () => void;
}

export const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(readToken);
  const navigate = useNavigate();
  const location = useLocation();
  const locationRef = useLatest(location);

  const signIn = useCallback((next: string) => {
    writeToken(next);
    setToken(next);
  }, []);

  const signOut = useCallback(() => {
    writeToken(null);
    setToken(null);
    navigate('/login', { replace: true });
  }, [navigate]);

  const endSession = useCallback(() => {
    writeToken(null);
    setToken(null);
    const { pathname, search } = locationRef.current;
    // Several requests may fail at once; the first one has already left the page.
    if (pathname === '/login' || pathname === '/setup') return;
    navigate(loginUrlFor(pathname, search), { replace: true });
  }, [navigate, locationRef]);

  const endSessionRef = useLatest(endSession);

  // eslint-disable-next-line react-hooks/refs -- createApiClients calls this only when an answer or the socket ends the session, never while rendering.
  const clients = useMemo(() => createApiClients(token, () => endSessionRef.current()), [token, endSessionRef]);
  useEffect(() => () => void clients.ws.dispose(), [clients]);

  const value = useMemo(() => ({ token, signIn, signOut, endSession }), [token, signIn, signOut, endSession]);
  return (
    <SessionContext.Provider value={value}>
      <Provider value={clients.client}>{children}</Provider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
