// @vitest-environment jsdom
// Tests that the jails page shows controls by role, validates settings, shows and changes the jails of each host
// and reads them again as the archive takes in bans.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { JailsPage } from './JailsPage';
import { ADMIN, OPERATOR, VIEWER, renderWithApi, variablesOf } from '../test/renderWithApi';
import { figuresIn } from '../test/figures';

const host = (id: string, name: string, local: boolean) => ({
  __typename: 'Host',
  id,
  name,
  local,
  connected: true,
  lastSeenAt: null,
  agentVersion: null,
  fail2banVersion: null,
  refusal: null,
  tokenCreatedAt: null,
});

const answers = {
  Hosts: { hosts: [host('1', 'bastion', true), host('2', 'web-1', false)] },
  Jails: {
    jails: [
      {
        __typename: 'Jail',
        name: 'sshd',
        host: 'bastion',
        running: true,
        currentlyFailed: 2,
        totalFailed: 40,
        currentlyBanned: 3,
        totalBanned: 17,
        banTime: 600,
        findTime: 60,
        maxRetry: 5,
        ignoreIps: ['127.0.0.1/8'],
        enabled: true,
        managed: false,
      },
      {
        __typename: 'Jail',
        name: 'myapp',
        host: 'bastion',
        running: true,
        currentlyFailed: 0,
        totalFailed: 0,
        currentlyBanned: 0,
        totalBanned: 0,
        banTime: -1,
        findTime: 3600,
        maxRetry: 3,
        ignoreIps: [],
        enabled: false,
        managed: true,
      },
    ],
  },
};

/** A delta of `bans` bans, a new object each time as each message is. */
const delta = (bans: number) => ({
  dashboardChanged: { __typename: 'DashboardDelta', at: '2026-12-03T12:00:00Z', bans, unbans: 0 },
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('JailsPage', () => {
  it('shows a VIEWER the counters and settings but no controls', () => {
    renderWithApi(<JailsPage />, { viewer: VIEWER, answers });
    const sshd = screen.getByRole('region', { name: 'sshd' });
    expect(within(sshd).getByRole('heading', { name: 'sshd' })).toBeTruthy();
    expect(figuresIn(sshd)).toEqual({ 'Banned now': '3', 'Banned in total': '17', 'Failing now': '2', 'Failures in total': '40' });
    expect(screen.getByText('Ban time: 10 min')).toBeTruthy();
    expect(screen.getByText('127.0.0.1/8')).toBeTruthy();
    expect(within(sshd).getByRole('link', { name: 'sshd' }).getAttribute('href')).toBe('/jails/sshd');
    const myapp = screen.getByRole('region', { name: 'myapp' });
    expect(within(myapp).getByText('Ban time: permanent')).toBeTruthy();
    expect(within(myapp).getByText('disabled')).toBeTruthy();
    expect(within(myapp).getByText('created in BanGUI')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /ban|unban|save|stop|start|reload|remove|add/i })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Create jail' })).toBeNull();
  });

  it('gives an OPERATOR the ban form only', () => {
    renderWithApi(<JailsPage />, { viewer: OPERATOR, answers });
    expect(screen.getByRole('button', { name: 'Ban' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save settings' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Stop sshd' })).toBeNull();
  });

  it('gives an ADMIN settings, ignore list and jail controls', () => {
    renderWithApi(<JailsPage />, { viewer: ADMIN, answers });
    expect(screen.getAllByRole('button', { name: 'Save settings' })).toHaveLength(2);
    expect(screen.getByRole('link', { name: 'Create jail' }).getAttribute('href')).toBe('/jails/new');
    expect(screen.getByRole('button', { name: 'Stop sshd' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reload sshd' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Stop ignoring 127.0.0.1/8' })).toBeTruthy();
  });

  it('refuses invalid settings without sending them', () => {
    const { sent } = renderWithApi(<JailsPage />, { viewer: ADMIN, answers });
    const sshd = screen.getByRole('form', { name: 'Settings of sshd' });
    fireEvent.change(within(sshd).getByLabelText(/Max retry/), { target: { value: '0' } });
    fireEvent.click(within(sshd).getByRole('button', { name: 'Save settings' }));
    expect(screen.getByText('A whole number, at least 1.')).toBeTruthy();
    expect(sent.map((op) => op.name).sort()).toEqual(['DashboardChanged', 'Hosts', 'Jails']);
  });

  it('sends only the changed setting', async () => {
    const { sent } = renderWithApi(<JailsPage />, {
      viewer: ADMIN,
      answers: { ...answers, UpdateJail: { updateJail: answers.Jails.jails[0] } },
    });
    const sshd = screen.getByRole('form', { name: 'Settings of sshd' });
    fireEvent.change(within(sshd).getByLabelText(/Find time/), { target: { value: '120' } });
    fireEvent.click(within(sshd).getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Saved.');
    expect(sent.find((op) => op.name === 'UpdateJail')?.variables).toEqual({ name: 'sshd', input: { findTime: 120 }, host: 'bastion' });
  });

  it('shows the jails of every host, each on its card, and bans on the chosen jail’s host', async () => {
    const remote = { ...answers.Jails.jails[0]!, host: 'web-1', currentlyBanned: 0 };
    const { sent } = renderWithApi(<JailsPage />, {
      viewer: ADMIN,
      answers: {
        ...answers,
        Jails: { jails: [answers.Jails.jails[0], remote] },
        Ban: { banIp: { __typename: 'BanResult', jail: 'sshd', ip: '192.0.2.7', alreadyBanned: false, host: 'web-1' } },
        StopJail: { stopJail: true },
      },
    });
    expect(variablesOf(sent, 'Jails')).toEqual([{ host: null }]);
    const [local, agent] = screen.getAllByRole('region', { name: 'sshd' });
    expect(local!.getAttribute('aria-describedby')).not.toBeNull();
    expect(within(local!).getByText('on bastion').id).toBe(local!.getAttribute('aria-describedby'));
    expect(within(agent!).getByText('on web-1')).toBeTruthy();
    expect(within(local!).getByRole('link', { name: 'sshd' }).getAttribute('href')).toBe('/jails/sshd');
    expect(within(agent!).getByRole('link', { name: 'sshd' }).getAttribute('href')).toBe('/jails/sshd?host=web-1');

    const form = within(screen.getByRole('form', { name: 'Ban an address' }));
    const jail = form.getByLabelText(/^Jail/) as HTMLSelectElement;
    expect([...jail.options].map((option) => option.textContent)).toEqual(['sshd on bastion', 'sshd on web-1']);
    fireEvent.change(jail, { target: { value: jail.options[1]!.value } });
    fireEvent.change(form.getByLabelText(/^IP address/), { target: { value: '192.0.2.7' } });
    fireEvent.click(form.getByRole('button', { name: 'Ban' }));
    expect((await form.findByRole('status')).textContent).toBe('192.0.2.7 is now banned in sshd on web-1.');
    expect(variablesOf(sent, 'Ban')).toEqual([{ jail: 'sshd', host: 'web-1', ip: '192.0.2.7' }]);

    fireEvent.click(within(agent!).getByRole('button', { name: 'Stop sshd' }));
    fireEvent.click(within(screen.getByRole('alertdialog', { name: 'Stop this jail?' })).getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(variablesOf(sent, 'StopJail')).toEqual([{ name: 'sshd', host: 'web-1' }]));
  });

  it('creates a jail on the host chosen', () => {
    renderWithApi(<JailsPage />, { viewer: ADMIN, answers, route: '/jails?host=web-1' });
    expect(screen.getByRole('link', { name: 'Create jail' }).getAttribute('href')).toBe('/jails/new?host=web-1');
  });

  it('shows the jails of the host chosen, kept in the URL', async () => {
    const { sent } = renderWithApi(<JailsPage />, { viewer: VIEWER, answers, route: '/jails?host=web-1' });
    expect(variablesOf(sent, 'Jails')).toEqual([{ host: 'web-1' }]);
    const picker = screen.getByLabelText('Host') as HTMLSelectElement;
    expect(picker.value).toBe('web-1');
    expect([...picker.options].map((option) => option.textContent)).toEqual(['All hosts', 'bastion', 'web-1']);
    fireEvent.change(picker, { target: { value: '' } });
    await waitFor(() => expect(variablesOf(sent, 'Jails').at(-1)).toEqual({ host: null }));
  });

  it('reads the jails of the host chosen again for a delta of that host, once for the deltas during a read', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const ends: Array<() => void> = [];
    let reads = 0;
    const Jails = () => {
      reads += 1;
      return reads === 1 ? answers.Jails : new Promise((resolve) => ends.push(() => resolve(answers.Jails)));
    };
    const { sent, emit } = renderWithApi(<JailsPage />, { viewer: VIEWER, answers: { ...answers, Jails }, route: '/jails?host=web-1' });
    expect(variablesOf(sent, 'DashboardChanged')).toEqual([{ jail: null, host: 'web-1' }]);
    emit('DashboardChanged', delta(1));
    expect(variablesOf(sent, 'Jails')).toEqual([{ host: 'web-1' }, { host: 'web-1' }]);
    emit('DashboardChanged', delta(2));
    emit('DashboardChanged', delta(3));
    await act(async () => ends[0]?.());
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(variablesOf(sent, 'Jails')).toEqual([{ host: 'web-1' }, { host: 'web-1' }, { host: 'web-1' }]);
    await act(async () => ends[1]?.());
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(variablesOf(sent, 'Jails')).toHaveLength(3);
  });
});
