// @vitest-environment jsdom
// Tests the API tokens page: the list, creating a token whose secret is shown once with a copy button, revoking.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { TokensPage } from './TokensPage';
import { ADMIN, apiError, renderWithApi, variablesOf } from '../test/renderWithApi';
import { formatDateTime } from '../lib/format';

const SECRET = 'bgt_4f9c2a7d1e8b6035';

const token = (id: string, name: string, fields: Record<string, unknown> = {}) => ({
  __typename: 'ApiToken',
  id,
  name,
  role: 'VIEWER',
  createdAt: '2024-04-01T10:00:00Z',
  expiresAt: null,
  lastUsedAt: null,
  ...fields,
});

const answers = {
  ApiTokens: {
    apiTokens: [
      token('7', 'grafana', { expiresAt: '2025-04-01T10:00:00Z', lastUsedAt: '2024-04-02T10:00:00Z' }),
      token('8', 'ci', { role: 'OPERATOR' }),
    ],
  },
  CreateApiToken: {
    createApiToken: { __typename: 'ApiTokenPayload', token: SECRET, apiToken: token('9', 'backup', { role: 'OPERATOR' }) },
  },
  RevokeApiToken: { revokeApiToken: true },
};

function stubClipboard(clipboard: unknown) {
  Object.defineProperty(navigator, 'clipboard', { value: clipboard, configurable: true });
}

async function createToken() {
  fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'backup' } });
  fireEvent.change(screen.getByLabelText(/^Role/), { target: { value: 'OPERATOR' } });
  fireEvent.change(screen.getByLabelText('Expires'), { target: { value: 'never' } });
  fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
  return within(await screen.findByRole('alertdialog'));
}

afterEach(() => {
  cleanup();
  Reflect.deleteProperty(navigator, 'clipboard');
});

describe('TokensPage', () => {
  it('lists the tokens', () => {
    renderWithApi(<TokensPage />, { viewer: ADMIN, answers });
    const rows = within(screen.getByRole('table', { name: 'API tokens' }))
      .getAllByRole('row')
      .slice(1);
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      [
        'grafana',
        'VIEWER',
        formatDateTime('2024-04-01T10:00:00Z'),
        formatDateTime('2025-04-01T10:00:00Z'),
        formatDateTime('2024-04-02T10:00:00Z'),
        'Revoke',
      ],
      ['ci', 'OPERATOR', formatDateTime('2024-04-01T10:00:00Z'), 'never', 'never', 'Revoke'],
    ]);
  });

  it('says when there are no tokens', () => {
    renderWithApi(<TokensPage />, { viewer: ADMIN, answers: { ...answers, ApiTokens: { apiTokens: [] } } });
    expect(screen.getByText('No API tokens.')).toBeTruthy();
  });

  it('shows the secret once, copies it, and forgets it when closed', async () => {
    const writeText = vi.fn(async () => undefined);
    stubClipboard({ writeText });
    const { sent } = renderWithApi(<TokensPage />, { viewer: ADMIN, answers });
    const dialog = await createToken();
    expect(variablesOf(sent, 'CreateApiToken')).toEqual([{ name: 'backup', role: 'OPERATOR', expiresAt: null }]);
    expect(dialog.getByText('Token backup created')).toBeTruthy();
    expect((dialog.getByLabelText('New API token') as HTMLInputElement).value).toBe(SECRET);
    fireEvent.click(dialog.getByRole('button', { name: 'Copy' }));
    expect((await dialog.findByRole('status')).textContent).toBe('Copied to the clipboard.');
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect((screen.getByLabelText(/^Name/) as HTMLInputElement).value).toBe('');

    fireEvent.click(dialog.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('says how to copy by hand when the clipboard is unavailable', async () => {
    renderWithApi(<TokensPage />, { viewer: ADMIN, answers });
    const dialog = await createToken();
    fireEvent.click(dialog.getByRole('button', { name: 'Copy' }));
    expect((await dialog.findByRole('status')).textContent).toBe(
      'The clipboard is not available here. Select the token above and copy it yourself.',
    );
  });

  it('says how to copy by hand when the browser refuses to write', async () => {
    stubClipboard({ writeText: vi.fn(async () => Promise.reject(new Error('denied'))) });
    renderWithApi(<TokensPage />, { viewer: ADMIN, answers });
    const dialog = await createToken();
    fireEvent.click(dialog.getByRole('button', { name: 'Copy' }));
    expect((await dialog.findByRole('status')).textContent).toBe(
      'The clipboard is not available here. Select the token above and copy it yourself.',
    );
  });

  it('checks the name and a chosen expiry before sending', () => {
    const { sent } = renderWithApi(<TokensPage />, { viewer: ADMIN, answers });
    fireEvent.change(screen.getByLabelText('Expires'), { target: { value: 'custom' } });
    fireEvent.change(screen.getByLabelText(/^Expires at/), { target: { value: '2020-01-01T00:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect(screen.getByText('A name of 1 to 100 characters.')).toBeTruthy();
    expect(screen.getByText('Choose a time in the future.')).toBeTruthy();
    expect(variablesOf(sent, 'CreateApiToken')).toHaveLength(0);
  });

  it('sends an expiry 30 days ahead', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-05-01T12:00:00Z'));
    const { sent } = renderWithApi(<TokensPage />, { viewer: ADMIN, answers });
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'grafana' } });
    fireEvent.change(screen.getByLabelText('Expires'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    vi.useRealTimers();
    expect(variablesOf(sent, 'CreateApiToken')).toEqual([{ name: 'grafana', role: 'VIEWER', expiresAt: '2024-05-31T12:00:00.000Z' }]);
  });

  it("shows the server's message when it refuses the token", async () => {
    renderWithApi(<TokensPage />, {
      viewer: ADMIN,
      answers: { ...answers, CreateApiToken: apiError('expiresAt must be in the future', 'BAD_USER_INPUT') },
    });
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'backup' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Token not createdexpiresAt must be in the future');
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('revokes a token after confirmation', async () => {
    const { sent } = renderWithApi(<TokensPage />, { viewer: ADMIN, answers });
    fireEvent.click(screen.getByRole('button', { name: 'Revoke ci' }));
    const dialog = within(screen.getByRole('alertdialog'));
    expect(dialog.getByText('ci stops working at once. This cannot be undone.')).toBeTruthy();
    fireEvent.click(dialog.getByRole('button', { name: 'Revoke' }));
    expect((await screen.findByRole('status')).textContent).toBe('Revoked ci.Dismiss');
    expect(variablesOf(sent, 'RevokeApiToken')).toEqual([{ id: '8' }]);
  });
});
