// @vitest-environment jsdom
// Tests the hosts page: the live list, adding a host whose agent token is shown once with how to start
// the agent, the server's word on a name, replacing a token and removing a host.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { HostsPage } from './HostsPage';
import { ADMIN, VIEWER, apiError, renderWithApi, variablesOf } from '../test/renderWithApi';
import { formatDateTime } from '../lib/format';

const NOW = '2026-12-03T12:00:00Z';
const TOKEN = 'bga_7f3e9c1d2b4a6085';
const NEW_TOKEN = 'bga_0a1b2c3d4e5f6789';

const host = (id: string, name: string, fields: Record<string, unknown> = {}) => ({
  __typename: 'Host',
  id,
  name,
  local: false,
  connected: true,
  lastSeenAt: '2026-12-03T11:58:00Z',
  agentVersion: '0.4.0',
  fail2banVersion: '1.1.0',
  refusal: null,
  tokenCreatedAt: '2026-12-01T09:00:00Z',
  ...fields,
});

const HOSTS = [
  host('1', 'bastion', { local: true, lastSeenAt: NOW, agentVersion: null, tokenCreatedAt: null }),
  host('2', 'alpha'),
  host('3', 'beta', { connected: false, lastSeenAt: '2026-12-03T09:30:00Z', agentVersion: '0.3.0', refusal: 'protocol 1 is too old; 2 needed' }),
];

const answers = {
  Hosts: { hosts: HOSTS },
  AddHost: { addHost: { __typename: 'AgentEnrollment', token: TOKEN, host: host('4', 'gamma', { connected: false, lastSeenAt: null }) } },
  RotateAgentToken: { rotateAgentToken: { __typename: 'AgentEnrollment', token: NEW_TOKEN, host: HOSTS[1] } },
  RemoveHost: { removeHost: true },
};

const rows = () =>
  within(screen.getByRole('table', { name: 'Hosts' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );

function stubClipboard(clipboard: unknown) {
  Object.defineProperty(navigator, 'clipboard', { value: clipboard, configurable: true });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(NOW));
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  Reflect.deleteProperty(navigator, 'clipboard');
});

describe('HostsPage', () => {
  it('shows a VIEWER every host with its state, versions and last contact, without controls', () => {
    renderWithApi(<HostsPage />, { viewer: VIEWER, answers });
    expect(rows()).toEqual([
      ['bastion', 'local', 'connected', '—', '1.1.0', 'just now'],
      ['alpha', 'agent', 'connected', '0.4.0', '1.1.0', '2 min ago'],
      ['beta', 'agent', 'disconnectedRefused: protocol 1 is too old; 2 needed', '0.3.0', '1.1.0', '2 h 30 min ago'],
    ]);
    expect(screen.getByText('2 h 30 min ago').getAttribute('title')).toBe(formatDateTime('2026-12-03T09:30:00Z'));
    expect(screen.queryByRole('form', { name: 'Add a host' })).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('reads the hosts again when an agent connects or disconnects', async () => {
    let hosts = HOSTS;
    const { sent, emit } = renderWithApi(<HostsPage />, { viewer: VIEWER, answers: { Hosts: () => ({ hosts }) } });
    expect(variablesOf(sent, 'Hosts')).toHaveLength(1);
    hosts = HOSTS.map((h) => (h.name === 'alpha' ? { ...h, connected: false } : h));
    emit('HostStatus', { hostStatus: hosts[1] });
    await waitFor(() => expect(rows()[1]).toEqual(['alpha', 'agent', 'disconnected', '0.4.0', '1.1.0', '2 min ago']));
    expect(variablesOf(sent, 'Hosts')).toHaveLength(2);
  });

  it('gives an ADMIN token and removal controls for agent hosts only', () => {
    renderWithApi(<HostsPage />, { viewer: ADMIN, answers });
    expect(rows().map((cells) => cells[6])).toEqual(['', 'Rotate tokenRemove', 'Rotate tokenRemove']);
    expect(screen.queryByRole('button', { name: 'Remove bastion' })).toBeNull();
    expect(screen.getByRole('form', { name: 'Add a host' })).toBeTruthy();
  });

  it('shows a new host its token once, with the command and the env file that start its agent', async () => {
    const writeText = vi.fn(async () => undefined);
    stubClipboard({ writeText });
    const { sent } = renderWithApi(<HostsPage />, { viewer: ADMIN, answers });
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: ' gamma ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add host' }));
    const dialog = within(await screen.findByRole('alertdialog', { name: 'Host gamma added' }));
    expect(variablesOf(sent, 'AddHost')).toEqual([{ name: 'gamma' }]);
    expect(dialog.getByText(/^This is the only time the agent token is shown\./)).toBeTruthy();
    expect((dialog.getByLabelText('Agent token') as HTMLInputElement).value).toBe(TOKEN);
    const hub = window.location.origin;
    const command = `BANGUI_AGENT_HUB_URL=${hub} BANGUI_AGENT_TOKEN=${TOKEN} bangui agent`;
    const envFile = `BANGUI_AGENT_HUB_URL=${hub}\nBANGUI_AGENT_TOKEN=${TOKEN}\n`;
    expect(dialog.getByText('On gamma, with fail2ban installed, start the agent:')).toBeTruthy();
    const start = dialog.getByRole('group', { name: 'Command that starts the agent' });
    expect(start.querySelector('pre')?.textContent).toBe(command);
    const unit = dialog.getByRole('group', { name: 'Env file of the systemd unit' });
    expect(unit.textContent).toContain('Or run it as the systemd unit deploy/systemd/bangui-agent.service, which reads /etc/bangui/agent.env:');
    expect(unit.querySelector('pre')?.textContent).toBe(envFile);

    fireEvent.click(within(start).getByRole('button', { name: 'Copy command' }));
    expect((await dialog.findByRole('status')).textContent).toBe('Copied the command to the clipboard.');
    fireEvent.click(within(unit).getByRole('button', { name: 'Copy env file' }));
    await waitFor(() => expect(dialog.getByRole('status').textContent).toBe('Copied the env file to the clipboard.'));
    fireEvent.click(dialog.getByRole('button', { name: 'Copy token' }));
    await waitFor(() => expect(dialog.getByRole('status').textContent).toBe('Copied the token to the clipboard.'));
    expect(writeText.mock.calls).toEqual([[command], [envFile], [TOKEN]]);
    expect((screen.getByLabelText(/^Name/) as HTMLInputElement).value).toBe('');

    fireEvent.click(dialog.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(document.body.innerHTML).not.toContain(TOKEN);
  });

  it('says how to copy by hand when the clipboard is unavailable', async () => {
    renderWithApi(<HostsPage />, { viewer: ADMIN, answers });
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'gamma' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add host' }));
    const dialog = within(await screen.findByRole('alertdialog'));
    fireEvent.click(dialog.getByRole('button', { name: 'Copy token' }));
    expect((await dialog.findByRole('status')).textContent).toBe(
      'The clipboard is not available here. Select the text above and copy it yourself.',
    );
  });

  it('asks for a name, and shows the server’s reason for refusing one under the field', async () => {
    const { sent } = renderWithApi(<HostsPage />, {
      viewer: ADMIN,
      answers: { ...answers, AddHost: apiError('a host name is letters, digits, - _ and .', 'BAD_USER_INPUT') },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add host' }));
    expect(screen.getByText('Enter a name.')).toBeTruthy();
    expect(variablesOf(sent, 'AddHost')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'web 1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add host' }));
    expect(await screen.findByText('a host name is letters, digits, - _ and .')).toBeTruthy();
    expect(variablesOf(sent, 'AddHost')).toEqual([{ name: 'web 1' }]);
    expect(screen.getAllByRole('alert').map((alert) => alert.textContent)).toEqual(['a host name is letters, digits, - _ and .']);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('shows other errors as an alert', async () => {
    renderWithApi(<HostsPage />, { viewer: ADMIN, answers: { ...answers, AddHost: apiError('busy', 'DATABASE_BUSY') } });
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'gamma' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add host' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Host not addedThe database is busy. Please try again.');
  });

  it('gives a host a new token after confirmation and shows it once the confirmation has closed', async () => {
    const { sent } = renderWithApi(<HostsPage />, { viewer: ADMIN, answers });
    fireEvent.click(screen.getByRole('button', { name: 'Rotate the token of alpha' }));
    const confirm = within(screen.getByRole('alertdialog', { name: 'Give this host a new agent token?' }));
    expect(
      confirm.getByText(
        'The agent token of alpha stops working at once and its agent is disconnected. Start the agent again with the new token.',
      ),
    ).toBeTruthy();
    fireEvent.click(confirm.getByRole('button', { name: 'Rotate token' }));
    const dialog = within(await screen.findByRole('alertdialog', { name: 'New agent token for alpha' }));
    expect(variablesOf(sent, 'RotateAgentToken')).toEqual([{ id: '2' }]);
    expect((dialog.getByLabelText('Agent token') as HTMLInputElement).value).toBe(NEW_TOKEN);
    expect(dialog.getByText(/The old token no longer works: start the agent again with this one\./)).toBeTruthy();
  });

  it('says why a token was not replaced', async () => {
    renderWithApi(<HostsPage />, { viewer: ADMIN, answers: { ...answers, RotateAgentToken: apiError('there is no host 2', 'NOT_FOUND') } });
    fireEvent.click(screen.getByRole('button', { name: 'Rotate the token of alpha' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Rotate token' }));
    expect((await screen.findByRole('status')).textContent).toBe('The agent token of alpha was not replaced: there is no host 2Dismiss');
  });

  it('removes a host after confirmation', async () => {
    const { sent } = renderWithApi(<HostsPage />, { viewer: ADMIN, answers });
    fireEvent.click(screen.getByRole('button', { name: 'Remove beta' }));
    const confirm = within(screen.getByRole('alertdialog', { name: 'Remove this host?' }));
    expect(
      confirm.getByText(
        'beta is removed: its agent token stops working and its agent is disconnected. Its archived bans stay; adding a host of that name again brings them back.',
      ),
    ).toBeTruthy();
    fireEvent.click(confirm.getByRole('button', { name: 'Remove' }));
    expect((await screen.findByRole('status')).textContent).toBe('Removed beta.Dismiss');
    expect(variablesOf(sent, 'RemoveHost')).toEqual([{ id: '3' }]);
  });
});
