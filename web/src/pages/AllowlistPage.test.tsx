// @vitest-environment jsdom
// Tests the allowlist page: every role reads it, ADMINs add entries with comment and expiry and remove them,
// on the local host or on the host chosen, kept in the URL.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AllowlistPage } from './AllowlistPage';
import { ADMIN, CurrentAddress, OPERATOR, VIEWER, apiError, currentAddress, renderWithApi, variablesOf } from '../test/renderWithApi';
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
const host = (id: string, name: string, local: boolean) => ({ __typename: 'Host', id, name, local });
const oneHost = { hosts: [host('1', 'bastion', true)] };
const twoHosts = { hosts: [host('1', 'bastion', true), host('2', 'web-1', false)] };
/** The page with its address shown, on `route`. */
const page = (
  <>
    <AllowlistPage />
    <CurrentAddress />
  </>
);

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
    expect(variablesOf(sent, 'AddAllowlistEntry')).toEqual([{ ip: '192.0.2.1', comment: null, expiresAt: null, host: null }]);
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
    expect(variablesOf(sent, 'RemoveAllowlistEntry')).toEqual([{ ip: '198.51.100.0/24', host: null }]);
  });

  it('reads the local host’s allowlist, without a host picker for a single host', () => {
    const { sent } = renderWithApi(page, { viewer: ADMIN, answers: { ...answers, Hosts: oneHost }, route: '/allowlist' });
    expect(variablesOf(sent, 'Allowlist')).toEqual([{ host: null }]);
    expect(screen.queryByLabelText('Host')).toBeNull();
    expect(screen.getByText('Addresses and networks every jail ignores: fail2ban never bans them.')).toBeTruthy();
  });

  it('offers each host but not all of them, the local one first and chosen', async () => {
    const { sent } = renderWithApi(page, {
      viewer: ADMIN,
      answers: {
        ...answers,
        Hosts: twoHosts,
        Allowlist: ({ host }: Record<string, unknown>) => ({ allowlist: host === 'web-1' ? [] : [entry] }),
      },
      route: '/allowlist',
    });
    const picker = screen.getByLabelText('Host') as HTMLSelectElement;
    expect([...picker.options].map((option) => option.textContent)).toEqual(['bastion', 'web-1']);
    expect(picker.value).toBe('bastion');
    expect(screen.getByText('Addresses and networks every jail ignores: fail2ban never bans them. Each host has an allowlist of its own.')).toBeTruthy();

    fireEvent.change(picker, { target: { value: 'web-1' } });
    expect(currentAddress()).toBe('/allowlist?host=web-1');
    await screen.findByText('The allowlist of web-1 is empty.');
    expect(variablesOf(sent, 'Allowlist')).toEqual([{ host: null }, { host: 'web-1' }]);

    fireEvent.change(screen.getByLabelText('Host'), { target: { value: 'bastion' } });
    expect(currentAddress()).toBe('/allowlist');
    await screen.findByRole('table', { name: 'Allowlist' });
    expect(variablesOf(sent, 'Allowlist').at(-1)).toEqual({ host: null });
  });

  it('adds to and removes from the allowlist of the host in the URL', async () => {
    const { sent } = renderWithApi(page, {
      viewer: ADMIN,
      answers: {
        ...answers,
        Hosts: twoHosts,
        AddAllowlistEntry: { addAllowlistEntry: { ...entry, network: '192.0.2.1', comment: 'backup' } },
        RemoveAllowlistEntry: { removeAllowlistEntry: true },
      },
      route: '/allowlist?host=web-1',
    });
    expect(variablesOf(sent, 'Allowlist')).toEqual([{ host: 'web-1' }]);
    expect((screen.getByLabelText('Host') as HTMLSelectElement).value).toBe('web-1');

    const form = screen.getByRole('form', { name: 'Add to the allowlist' });
    fireEvent.change(within(form).getByLabelText(/^Address or network/), { target: { value: '192.0.2.1' } });
    fireEvent.change(within(form).getByLabelText(/^Comment/), { target: { value: 'backup' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add' }));
    await screen.findByText('Every jail on web-1 now ignores 192.0.2.1.');
    expect(variablesOf(sent, 'AddAllowlistEntry')).toEqual([{ ip: '192.0.2.1', comment: 'backup', expiresAt: null, host: 'web-1' }]);

    fireEvent.click(screen.getByRole('button', { name: 'Remove 198.51.100.0/24' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Remove from the allowlist?' });
    expect(within(confirm).getByText("fail2ban's jails on web-1 will no longer all ignore 198.51.100.0/24.")).toBeTruthy();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Remove' }));
    await screen.findByText('Removed 198.51.100.0/24.');
    expect(variablesOf(sent, 'RemoveAllowlistEntry')).toEqual([{ ip: '198.51.100.0/24', host: 'web-1' }]);
    expect(currentAddress()).toBe('/allowlist?host=web-1');
  });

  it('forgets a notice of another host when the host changes', async () => {
    renderWithApi(page, {
      viewer: ADMIN,
      answers: { ...answers, Hosts: twoHosts, AddAllowlistEntry: { addAllowlistEntry: { ...entry, network: '192.0.2.1' } } },
      route: '/allowlist?host=web-1',
    });
    const form = screen.getByRole('form', { name: 'Add to the allowlist' });
    fireEvent.change(within(form).getByLabelText(/^Address or network/), { target: { value: '192.0.2.1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add' }));
    await screen.findByText('Every jail on web-1 now ignores 192.0.2.1.');
    fireEvent.change(screen.getByLabelText('Host'), { target: { value: 'bastion' } });
    await waitFor(() => expect(screen.queryByText('Every jail on web-1 now ignores 192.0.2.1.')).toBeNull());
  });
});
