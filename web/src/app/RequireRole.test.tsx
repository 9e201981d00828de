// @vitest-environment jsdom
// Tests the role gate of the admin pages and the navigation each role sees.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { RequireRole } from './RequireRole';
import { AppHeader } from './AppHeader';
import { SessionContext } from './SessionProvider';
import { ADMIN, OPERATOR, VIEWER, renderWithApi } from '../test/renderWithApi';
import type { Viewer } from './ViewerContext';

function renderAdminRoute(viewer: Viewer) {
  return renderWithApi(
    <Routes>
      <Route element={<RequireRole role="ADMIN" />}>
        <Route path="/users" element={<p>users page</p>} />
      </Route>
    </Routes>,
    { viewer, answers: {}, route: '/users' },
  );
}

function renderHeader(viewer: Viewer) {
  const session = { token: 'token', signIn: vi.fn(), signOut: vi.fn(), endSession: vi.fn() };
  return renderWithApi(
    <SessionContext.Provider value={session}>
      <AppHeader />
    </SessionContext.Provider>,
    { viewer, answers: {} },
  );
}

const navLinks = () =>
  within(screen.getByRole('navigation', { name: 'Main' }))
    .getAllByRole('link')
    .map((link) => link.textContent);

afterEach(cleanup);

describe('RequireRole', () => {
  it('shows an admin page to an ADMIN', () => {
    renderAdminRoute(ADMIN);
    expect(screen.getByText('users page')).toBeTruthy();
  });

  it('tells anyone else which role the page needs', () => {
    renderAdminRoute(OPERATOR);
    expect(screen.queryByText('users page')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Not available' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('This page needs the ADMIN roleYou are signed in as otto with the OPERATOR role.');
    expect(screen.getByRole('link', { name: 'Back to the dashboard' }).getAttribute('href')).toBe('/');
  });
});

describe('AppHeader', () => {
  it('shows the admin pages in the navigation to an ADMIN only', () => {
    renderHeader(ADMIN);
    expect(navLinks()).toEqual([
      'Dashboard',
      'Bans',
      'Jails',
      'Allowlist',
      'Blocklists',
      'Hosts',
      'Users',
      'API tokens',
      'Audit log',
      'Config changes',
      'Notifications',
      'Playground',
    ]);
    cleanup();
    renderHeader(VIEWER);
    expect(navLinks()).toEqual(['Dashboard', 'Bans', 'Jails', 'Allowlist', 'Blocklists', 'Hosts', 'Playground']);
  });

  it('links the account name to the account page', () => {
    renderHeader(VIEWER);
    expect(screen.getByRole('link', { name: 'Your account: vera' }).getAttribute('href')).toBe('/account');
  });
});
