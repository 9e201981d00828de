// @vitest-environment jsdom
// Tests the page of one jail: what it shows each role, where settings come from, its ignore list and controls.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { JailPage } from './JailPage';
import { ADMIN, OPERATOR, VIEWER, apiError, renderWithApi, variablesOf } from '../test/renderWithApi';
import type { Answer } from '../test/renderWithApi';
import type { Viewer } from '../app/ViewerContext';
import { formatDateTime } from '../lib/format';

const jail = {
  __typename: 'Jail',
  name: 'sshd',
  running: true,
  enabled: true,
  managed: false,
  host: 'bastion',
  currentlyFailed: 1,
  totalFailed: 9,
  currentlyBanned: 2,
  totalBanned: 5,
  banTime: 3600,
  findTime: 600,
  maxRetry: 3,
  ignoreIps: ['127.0.0.1/8', '192.0.2.0/24'],
  filter: 'sshd[mode=normal]',
  bannedIps: ['198.51.100.7', '203.0.113.0/24'],
  logPaths: ['/var/log/auth.log'],
  actions: ['dummy'],
  ignoreList: [
    { __typename: 'IgnoreEntry', network: '127.0.0.1/8', comment: null, expiresAt: null, addedBy: null, addedAt: null },
    {
      __typename: 'IgnoreEntry',
      network: '192.0.2.0/24',
      comment: 'office',
      expiresAt: '2027-01-01T00:00:00Z',
      addedBy: 'ada',
      addedAt: '2026-12-01T09:00:00Z',
    },
  ],
  settingSources: [
    {
      __typename: 'JailSettingSource',
      setting: 'bantime',
      value: '3600',
      file: 'jail.d/bangui.local',
      section: 'sshd',
      managedByBangui: true,
    },
    {
      __typename: 'JailSettingSource',
      setting: 'logpath',
      value: '/var/log/auth.log',
      file: 'jail.local',
      section: 'sshd',
      managedByBangui: false,
    },
  ],
};

const show = (viewer: Viewer, answers: Record<string, Answer> = {}, route = '/jails/sshd') =>
  renderWithApi(
    <Routes>
      <Route path="/jails/:name" element={<JailPage />} />
      <Route path="/jails" element={<p>the jails</p>} />
    </Routes>,
    { viewer, answers: { Jail: { jail }, ...answers }, route },
  );
const rows = (name: string) =>
  within(screen.getByRole('table', { name }))
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );

afterEach(cleanup);

describe('JailPage', () => {
  it('shows a VIEWER the jail in full without controls', () => {
    const { sent } = show(VIEWER);
    expect(variablesOf(sent, 'Jail')).toEqual([{ name: 'sshd' }]);
    expect(screen.getByRole('heading', { level: 1, name: 'sshd' })).toBeTruthy();
    expect(screen.getByText('running')).toBeTruthy();
    expect(screen.getByText('enabled')).toBeTruthy();
    expect(screen.getByText('Ban time: 1 h')).toBeTruthy();
    expect(screen.getByText('Find time: 10 min')).toBeTruthy();
    expect(screen.getByText('sshd[mode=normal]')).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Log files' })).getByText('/var/log/auth.log')).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Actions' })).getByText('dummy')).toBeTruthy();
    expect(
      within(screen.getByRole('list', { name: 'Banned by sshd' }))
        .getAllByRole('link')
        .map((link) => link.getAttribute('href')),
    ).toEqual(['/bans?ip=198.51.100.7&detail=198.51.100.7', '/bans?ip=203.0.113.0%2F24&detail=203.0.113.0%2F24']);
    expect(rows('Where the settings of sshd come from')).toEqual([
      ['bantime', '3600', 'jail.d/bangui.local', 'sshd', 'BanGUI'],
      ['logpath', '/var/log/auth.log', 'jail.local', 'sshd', 'your file'],
    ]);
    expect(rows('Ignored by sshd')).toEqual([
      ['127.0.0.1/8', '—', 'never', "fail2ban's files"],
      ['192.0.2.0/24', 'office', formatDateTime('2027-01-01T00:00:00Z'), `ada, ${formatDateTime('2026-12-01T09:00:00Z')}`],
    ]);
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('gives an OPERATOR unban buttons only', () => {
    show(OPERATOR);
    expect(screen.getByRole('button', { name: 'Unban 198.51.100.7 in sshd' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Unban 203.0.113.0/24 in sshd' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Disable|Delete|Save settings|Remove/ })).toBeNull();
  });

  it('gives an ADMIN settings, controls and removal of the entries BanGUI added', () => {
    show(ADMIN);
    expect(screen.getByRole('button', { name: 'Disable sshd' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Stop sshd' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete sshd' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Remove 192.0.2.0/24' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Remove 127.0.0.1/8' })).toBeNull();
    expect((screen.getByLabelText(/^Ban time/) as HTMLInputElement).value).toBe('1h');
    expect((screen.getByLabelText(/^Find time/) as HTMLInputElement).value).toBe('10m');
  });

  it('saves settings typed in units', async () => {
    const { sent } = show(ADMIN, { UpdateJail: { updateJail: jail } });
    fireEvent.change(screen.getByLabelText(/^Ban time/), { target: { value: '1w' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Saved.');
    expect(variablesOf(sent, 'UpdateJail')).toEqual([{ name: 'sshd', input: { banTime: 604800 }, host: 'bastion' }]);
  });

  it("shows fail2ban's reason when it refuses a setting", async () => {
    show(ADMIN, { UpdateJail: apiError('bantime: not a valid time', 'CONFIG_INVALID') });
    fireEvent.change(screen.getByLabelText(/^Max retry/), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('fail2ban refused the changebantime: not a valid time Nothing of the change was kept.');
  });

  it('adds an ignore entry with a comment and an expiry', async () => {
    const { sent } = show(ADMIN, { AddIgnoreIp: { addIgnoreIp: jail } });
    const form = screen.getByRole('form', { name: 'Add to the ignore list of sshd' });
    fireEvent.change(within(form).getByLabelText(/^Address or network/), { target: { value: '10.1.0.0/16' } });
    fireEvent.change(within(form).getByLabelText(/^Comment/), { target: { value: 'VPN' } });
    fireEvent.change(within(form).getByLabelText(/^Expires after/), { target: { value: '1d' } });
    const before = Date.now();
    fireEvent.click(within(form).getByRole('button', { name: 'Add' }));
    await screen.findByText('sshd now ignores 10.1.0.0/16.');
    const [variables] = variablesOf(sent, 'AddIgnoreIp');
    expect({ ...variables, expiresAt: undefined }).toEqual({
      jail: 'sshd',
      ip: '10.1.0.0/16',
      comment: 'VPN',
      expiresAt: undefined,
      host: 'bastion',
    });
    const expiresAt = Date.parse(variables?.expiresAt as string);
    expect(expiresAt - before).toBeGreaterThanOrEqual(86400_000);
    expect(expiresAt - before).toBeLessThan(86400_000 + 60_000);
  });

  it('removes an entry after confirmation', async () => {
    const { sent } = show(ADMIN, { RemoveIgnoreIp: { removeIgnoreIp: jail } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove 192.0.2.0/24' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Stop ignoring this entry?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await screen.findByText('Removed 192.0.2.0/24.');
    expect(variablesOf(sent, 'RemoveIgnoreIp')).toEqual([{ jail: 'sshd', ip: '192.0.2.0/24', host: 'bastion' }]);
  });

  it('disables a jail after confirmation', async () => {
    const { sent } = show(ADMIN, { SetJailEnabled: { setJailEnabled: { ...jail, enabled: false, running: false } } });
    fireEvent.click(screen.getByRole('button', { name: 'Disable sshd' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Disable this jail?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(variablesOf(sent, 'SetJailEnabled')).toEqual([{ name: 'sshd', enabled: false, host: 'bastion' }]));
  });

  it('deletes a jail BanGUI created', async () => {
    const { sent } = show(ADMIN, { Jail: { jail: { ...jail, managed: true } }, DeleteJail: { deleteJail: true } });
    expect(screen.getByText('created in BanGUI')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete sshd' }));
    fireEvent.click(within(screen.getByRole('alertdialog', { name: 'Delete this jail?' })).getByRole('button', { name: 'Delete' }));
    await screen.findByText('Deleted the jail sshd.');
    expect(variablesOf(sent, 'DeleteJail')).toEqual([{ name: 'sshd', host: 'bastion' }]);
    // Once the dialog has closed, the page and the jail list are read again.
    const names = sent.map((s) => s.name);
    expect(names.slice(names.indexOf('DeleteJail') + 1).sort()).toEqual(['Jail', 'Jails']);
  });

  it("reads and changes the jail of the host in its address, and bans there", async () => {
    const remote = { ...jail, host: 'web-1' };
    const { sent } = show(
      ADMIN,
      {
        Jail: { jail: remote },
        Ban: { banIp: { __typename: 'BanResult', jail: 'sshd', ip: '192.0.2.7', alreadyBanned: false, host: 'web-1' } },
        Reload: { reloadFail2ban: true },
      },
      '/jails/sshd?host=web-1',
    );
    expect(variablesOf(sent, 'Jail')).toEqual([{ name: 'sshd', host: 'web-1' }]);
    expect(screen.getByText('on web-1')).toBeTruthy();
    const form = within(screen.getByRole('form', { name: 'Ban an address' }));
    expect(form.queryByLabelText(/^Jail/)).toBeNull();
    fireEvent.change(form.getByLabelText(/^IP address/), { target: { value: '192.0.2.7' } });
    fireEvent.click(form.getByRole('button', { name: 'Ban' }));
    expect((await form.findByRole('status')).textContent).toBe('192.0.2.7 is now banned in sshd.');
    expect(variablesOf(sent, 'Ban')).toEqual([{ jail: 'sshd', host: 'web-1', ip: '192.0.2.7' }]);

    fireEvent.click(screen.getByRole('button', { name: 'Reload sshd' }));
    fireEvent.click(within(screen.getByRole('alertdialog', { name: 'Reload this jail?' })).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(variablesOf(sent, 'Reload')).toEqual([{ jail: 'sshd', host: 'web-1' }]));
  });

  it('says so when the host of the jail is not connected', async () => {
    show(
      OPERATOR,
      { Jail: { jail: { ...jail, host: 'web-1' } }, Ban: apiError('host "web-1" is not connected', 'HOST_UNAVAILABLE') },
      '/jails/sshd?host=web-1',
    );
    const form = within(screen.getByRole('form', { name: 'Ban an address' }));
    fireEvent.change(form.getByLabelText(/^IP address/), { target: { value: '192.0.2.7' } });
    fireEvent.click(form.getByRole('button', { name: 'Ban' }));
    expect((await form.findByRole('alert')).textContent).toBe(
      "Not bannedThe host's agent is not connected, so its fail2ban cannot be reached right now.",
    );
  });

  it('says when there is no such jail', () => {
    show(VIEWER, { Jail: { jail: null } });
    expect(screen.getByText(/fail2ban has no jail named sshd\./)).toBeTruthy();
    cleanup();
    show(VIEWER, { Jail: { jail: null } }, '/jails/sshd?host=web-1');
    expect(screen.getByText(/fail2ban on web-1 has no jail named sshd\./)).toBeTruthy();
  });

  it('shows the rest of the jail when fail2ban does not say what it watches', () => {
    const partial: Record<string, unknown> = { ...jail };
    for (const asked of ['logPaths', 'actions', 'bannedIps']) delete partial[asked];
    show(VIEWER, { Jail: { jail: partial } });
    expect(screen.getByRole('heading', { level: 1, name: 'sshd' })).toBeTruthy();
    expect(screen.getAllByText('unknown')).toHaveLength(2);
    expect(screen.getByText('fail2ban did not say which addresses it bans.')).toBeTruthy();
  });
});
