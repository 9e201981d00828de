// @vitest-environment jsdom
// Tests the signed-in gate: redirects to setup or login (remembering the page) and ending stale sessions.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { Provider } from 'urql';
import type { Client, GraphQLRequest } from 'urql';
import { fromValue, never } from 'wonka';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { RequireViewer } from './RequireViewer';
import { SessionContext } from './SessionProvider';

function Where() {
  const location = useLocation();
  return <p data-testid="where">{`${location.pathname}${location.search}`}</p>;
}

function renderGate(session: { setupRequired: boolean; viewer: unknown }, token: string | null, route: string) {
  const endSession = vi.fn();
  const client = {
    executeQuery: (request: GraphQLRequest) => {
      const isSession = request.query.definitions.some((d) => d.kind === 'OperationDefinition' && d.name?.value === 'Session');
      return fromValue({ operation: request, data: isSession ? session : undefined, stale: false, hasNext: false });
    },
    executeMutation: () => never,
    executeSubscription: () => never,
  } as unknown as Client;
  render(
    <FluentProvider theme={webLightTheme}>
      <MemoryRouter initialEntries={[route]}>
        <SessionContext.Provider value={{ token, signIn: vi.fn(), signOut: vi.fn(), endSession }}>
          <Provider value={client}>
            <Routes>
              <Route path="/login" element={<Where />} />
              <Route path="/setup" element={<Where />} />
              <Route element={<RequireViewer />}>
                <Route path="/bans" element={<p>bans page</p>} />
              </Route>
            </Routes>
          </Provider>
        </SessionContext.Provider>
      </MemoryRouter>
    </FluentProvider>,
  );
  return { endSession };
}

afterEach(cleanup);

describe('RequireViewer', () => {
  it('sends an anonymous visitor to the login page with the page to return to', () => {
    const { endSession } = renderGate({ setupRequired: false, viewer: null }, null, '/bans?jail=sshd');
    expect(screen.getByTestId('where').textContent).toBe('/login?next=%2Fbans%3Fjail%3Dsshd');
    expect(endSession).not.toHaveBeenCalled();
  });

  it('ends a stored session the server no longer knows', () => {
    const { endSession } = renderGate({ setupRequired: false, viewer: null }, 'stale-token', '/bans');
    expect(endSession).toHaveBeenCalledTimes(1);
  });

  it('sends everyone to setup while no account exists', () => {
    renderGate({ setupRequired: true, viewer: null }, null, '/bans');
    expect(screen.getByTestId('where').textContent).toBe('/setup');
  });

  it('shows the page to a signed-in account', () => {
    renderGate({ setupRequired: false, viewer: { __typename: 'User', id: '1', username: 'ada', role: 'ADMIN' } }, 'token', '/bans');
    expect(screen.getByText('bans page')).toBeTruthy();
    expect(screen.getByText('ada')).toBeTruthy();
  });
});
