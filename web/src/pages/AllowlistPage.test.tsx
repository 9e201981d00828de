// @vitest-environment jsdom
// Tests the allowlist page: every role reads it, ADMINs add entries with comment and expiry and remove them.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { AllowlistPage } from './AllowlistPage';
import { ADMIN, OPERATOR, VIEWER, apiError, renderWithApi, variablesOf } from '../test/renderWithApi';
import { formatDateTime } from '../lib/format';

const entry = {
  __typename: 'IgnoreEntry',
  network: '198.51.100.0/24',
  comment: 'monitoring',
  expiresAt: null,
  addedBy: 'ada',
  addedAt: '2026-12-01T09:00:00Z',
};
const answers = { Allowlist: { allowlist: [entry] } };

afterEach(cleanup);

describe('AllowlistPage', () => {
  it('shows a VIEWER or OPERATOR the entries without controls', () => {
    for (const viewer of [VIEWER, OPERATOR]) {
      renderWithApi(<AllowlistPage />, { viewer, answers });
      const [, row] = within(screen.getByRole('table', { name: 'Allowlist' })).getAllByRole('row');
      expect(
        within(row as HTMLElement)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ).toEqual(['198.51.100.0/24', 'monitoring', 'never', `ada, ${formatDateTime('2026-12-01T09:00:00Z')}`]);
      expect(screen.queryByRole('button')).toBeNull();
      expect(screen.queryByRole('form')).toBeNull();
      cleanup();
    }
  });

  it('says when the list is empty', () => {
    renderWithApi(<AllowlistPage />, { viewer: VIEWER, answers: { Allowlist: { allowlist: [] } } });
    expect(screen.getByText('The allowlist is empty.')).toBeTruthy();
  });

  it('lets an ADMIN add an entry', async () => {
    const { sent } = renderWithApi(<AllowlistPage />, {
      viewer: ADMIN,
      answers: { ...answers, AddAllowlistEntry: { addAllowlistEntry: { ...entry, network: '192.0.2.1' } } },
    });
    const form = screen.getByRole('form', { name: 'Add to the allowlist' });
    fireEvent.change(within(form).getByLabelText(/^Address or network/), { target: { value: '192.0.2.1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add' }));
    await screen.findByText('Every jail now ignores 192.0.2.1.');
    expect(variablesOf(sent, 'AddAllowlistEntry')).toEqual([{ ip: '192.0.2.1', comment: null, expiresAt: null }]);
    expect((within(form).getByLabelText(/^Address or network/) as HTMLInputElement).value).toBe('');
  });

  it('refuses an invalid entry without sending it', () => {
    const { sent } = renderWithApi(<AllowlistPage />, { viewer: ADMIN, answers });
    const form = screen.getByRole('form', { name: 'Add to the allowlist' });
    fireEvent.change(within(form).getByLabelText(/^Address or network/), { target: { value: '300.1.1.1' } });
    fireEvent.change(within(form).getByLabelText(/^Expires after/), { target: { value: 'tomorrow' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add' }));
    expect(screen.getByText('An IP address or a CIDR network, like 192.168.0.0/16.')).toBeTruthy();
    expect(screen.getByText('A duration such as 1h, 7d or 1w (at least 1m); empty for never.')).toBeTruthy();
    expect(variablesOf(sent, 'AddAllowlistEntry')).toEqual([]);
  });

  it("shows fail2ban's reason when it refuses an entry", async () => {
    renderWithApi(<AllowlistPage />, {
      viewer: ADMIN,
      answers: { ...answers, AddAllowlistEntry: apiError('ignoreip: bad', 'CONFIG_INVALID') },
    });
    const form = screen.getByRole('form', { name: 'Add to the allowlist' });
    fireEvent.change(within(form).getByLabelText(/^Address or network/), { target: { value: '192.0.2.1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add' }));
    expect((await screen.findByRole('alert')).textContent).toBe('fail2ban refused the changeignoreip: bad Nothing of the change was kept.');
  });

  it('lets an ADMIN remove an entry after confirmation', async () => {
    const { sent } = renderWithApi(<AllowlistPage />, {
      viewer: ADMIN,
      answers: { ...answers, RemoveAllowlistEntry: { removeAllowlistEntry: true } },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove 198.51.100.0/24' }));
    fireEvent.click(
      within(screen.getByRole('alertdialog', { name: 'Remove from the allowlist?' })).getByRole('button', { name: 'Remove' }),
    );
    await screen.findByText('Removed 198.51.100.0/24.');
    expect(variablesOf(sent, 'RemoveAllowlistEntry')).toEqual([{ ip: '198.51.100.0/24' }]);
  });
});
