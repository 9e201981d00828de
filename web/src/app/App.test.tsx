// @vitest-environment jsdom
// Walks through signing in, returning to the page asked for, and being sent back to login when the session ends.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { ThemeProvider } from './ThemeContext';
import { SessionProvider } from './SessionProvider';
import { App } from './App';

interface Body {
  operationName?: string;
  variables?: Record<string, unknown>;
}

function Where() {
  const location = useLocation();
  return <output data-testid="where">{`${location.pathname}${location.search}`}</output>;
}

/** A stand-in for the server: one account, one session token, which can be expired. */
function fakeServer() {
  const state = { expired: false, logins: 0 };
  const fetch = vi.fn(async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as Body;
    const auth = new Headers(init.headers).get('authorization');
    const signedIn = auth === 'Bearer tok-1' && !state.expired;
    const reply = (payload: unknown) =>
      new Response(JSON.stringify(payload), { status: 200, headers: { 'content-type': 'application/json' } });
    const unauthenticated = () => reply({ data: null, errors: [{ message: 'sign in', extensions: { code: 'UNAUTHENTICATED' } }] });
    switch (body.operationName) {
      case 'Session':
        return reply({ data: { setupRequired: false, viewer: signedIn ? { __typename: 'User', id: '1', username: 'ada', role: 'ADMIN' } : null } });
      case 'Login':
        state.logins++;
        return body.variables?.password === 'right'
          ? reply({ data: { login: { __typename: 'AuthPayload', token: 'tok-1', expiresAt: '2030-01-01T00:00:00Z', user: { __typename: 'User', id: '1', username: 'ada', role: 'ADMIN' } } } })
          : unauthenticated();
      case 'JailNames':
        return signedIn ? reply({ data: { jails: [{ __typename: 'Jail', name: 'sshd' }] } }) : unauthenticated();
      case 'Bans':
        return signedIn
          ? reply({
              data: {
                bans: {
                  __typename: 'BanConnection',
                  nodes: [],
                  pageInfo: { __typename: 'PageInfo', hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
                },
              },
            })
          : unauthenticated();
      case 'Dashboard':
        return signedIn
          ? reply({
              data: {
                dashboard: {
                  __typename: 'Dashboard',
                  summary: { __typename: 'BanSummary', totalBans: 0, uniqueIps: 0, activeBans: 0, countries: 0 },
                  bansByCountry: [],
                  banTrend: [],
                  bansByJail: [],
                  bansByHost: [],
                  topIps: [],
                },
              },
            })
          : unauthenticated();
      default:
        return reply({ data: null, errors: [{ message: `unexpected ${body.operationName}` }] });
    }
  });
  return { state, fetch };
}

/** A WebSocket that never connects, so the live feed and the fail2ban status wait quietly. */
class SilentWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  readyState = 0;
  constructor(readonly url: string) {}
  close(): void {}
  send(): void {}
}

function renderApp(route: string) {
  return render(
    <ThemeProvider>
      <MemoryRouter initialEntries={[route]} useTransitions={false}>
        <SessionProvider>
          <App />
          <Where />
        </SessionProvider>
      </MemoryRouter>
    </ThemeProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

async function signIn(password: string) {
  fireEvent.change(await screen.findByLabelText(/Username/), { target: { value: 'ada' } });
  fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('the session flow', () => {
  it('signs in, returns to the page asked for, and goes back to login when the session ends', async () => {
    const server = fakeServer();
    vi.stubGlobal('fetch', server.fetch);
    vi.stubGlobal('WebSocket', SilentWebSocket);
    renderApp('/bans?jail=sshd');

    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/login?next=%2Fbans%3Fjail%3Dsshd'));
    await signIn('wrong');
    expect(await screen.findByText('Wrong username or password.')).toBeTruthy();
    expect(screen.getByTestId('where').textContent).toBe('/login?next=%2Fbans%3Fjail%3Dsshd');

    await signIn('right');
    await screen.findByRole('heading', { name: 'Bans' });
    expect(screen.getByTestId('where').textContent).toBe('/bans?jail=sshd');
    expect(window.localStorage.getItem('bangui.token')).toBe('tok-1');
    expect(await screen.findByText('No bans match these filters.')).toBeTruthy();

    server.state.expired = true;
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    fireEvent.change(screen.getByLabelText('Country'), { target: { value: 'fr' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/login?next=%2Fbans%3Fjail%3Dsshd%26country%3DFR'));
    expect(window.localStorage.getItem('bangui.token')).toBeNull();
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(server.state.logins).toBe(2);
  });

  it('moves between pages that read the same queries', async () => {
    vi.stubGlobal('fetch', fakeServer().fetch);
    vi.stubGlobal('WebSocket', SilentWebSocket);
    window.localStorage.setItem('bangui.token', 'tok-1');
    renderApp('/?range=7d');
    await screen.findByRole('heading', { name: 'Dashboard' });
    expect(screen.getAllByText('No bans in this range.')).toHaveLength(4);
    fireEvent.click(screen.getByRole('link', { name: 'Bans' }));
    await screen.findByRole('heading', { name: 'Bans' });
    fireEvent.click(screen.getByRole('link', { name: 'Dashboard' }));
    await screen.findByRole('heading', { name: 'Dashboard' });
    expect(screen.getByTestId('where').textContent).toBe('/');
  });
});
