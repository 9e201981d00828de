// @vitest-environment jsdom
// Tests the dashboard: totals, the shaded map, bans per jail and per host, the filters it sends and how it
// follows the archive.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DashboardPage } from './DashboardPage';
import { VIEWER, renderWithApi, variablesOf } from '../test/renderWithApi';
import { figuresIn } from '../test/figures';

const answers = {
  JailNames: { jails: [{ __typename: 'Jail', name: 'sshd', host: 'bastion' }] },
  Hosts: {
    hosts: ['bastion', 'web-1'].map((name, index) => ({
      __typename: 'Host',
      id: `${index + 1}`,
      name,
      local: index === 0,
      connected: true,
      lastSeenAt: null,
      agentVersion: null,
      fail2banVersion: null,
      refusal: null,
      tokenCreatedAt: null,
    })),
  },
  Dashboard: {
    dashboard: {
      __typename: 'Dashboard',
      summary: { __typename: 'BanSummary', totalBans: 1234, uniqueIps: 56, activeBans: 7, countries: 2 },
      bansByCountry: [
        { __typename: 'CountryBanCount', country: { __typename: 'Country', code: 'US', name: 'United States' }, count: 1000, uniqueIps: 40 },
        { __typename: 'CountryBanCount', country: { __typename: 'Country', code: 'DE', name: 'Germany' }, count: 1, uniqueIps: 1 },
      ],
      banTrend: [{ __typename: 'TrendPoint', start: new Date().toISOString(), count: 3 }],
      bansByJail: [{ __typename: 'JailBanCount', jail: 'sshd', count: 1234 }],
      bansByHost: [
        { __typename: 'HostBanCount', host: 'web-1', count: 1200 },
        { __typename: 'HostBanCount', host: 'bastion', count: 34 },
      ],
      topIps: [{ __typename: 'IpBanCount', ip: '198.51.100.4', count: 9, country: null, lastBannedAt: '2024-03-10T12:00:00Z' }],
    },
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

describe('DashboardPage', () => {
  it('shows totals, shades countries and lists top addresses', () => {
    const { container } = renderWithApi(<DashboardPage />, { viewer: VIEWER, answers, route: '/?range=7d&jail=sshd' });
    expect(figuresIn(container)).toEqual({ Bans: '1,234', 'Distinct addresses': '56', 'Active bans': '7', Countries: '2' });
    const us = screen.getByLabelText('United States: 1,000 bans from 40 addresses');
    const de = screen.getByLabelText('Germany: 1 ban from 1 address');
    expect(us.getAttribute('fill')).toBe('#9e1b42');
    expect(de.getAttribute('fill')).toBe('#fde0c5');
    expect(screen.getByRole('link', { name: '198.51.100.4' }).getAttribute('href')).toBe('/bans?ip=198.51.100.4&detail=198.51.100.4');
    expect(screen.getByText('1,000 bans (log scale)')).toBeTruthy();
    expect(screen.getByRole('img', { name: /^Bans over time: / }).getAttribute('aria-label')).toBe(
      'Bans over time: 3 bans in 1 bucket, at most 3 in one',
    );
    const items = (name: string) =>
      within(screen.getByRole('list', { name }))
        .getAllByRole('listitem')
        .map((item) => item.textContent);
    expect(items('Bans by jail')).toEqual(['sshd1,234']);
    expect(items('Bans by host')).toEqual(['web-11,200', 'bastion34']);
  });

  it('sends the host from the URL, and the host chosen, to the dashboard and the live feed', async () => {
    const { sent, emit } = renderWithApi(<DashboardPage />, { viewer: VIEWER, answers, route: '/?host=web-1' });
    expect(variablesOf(sent, 'Dashboard').map((v) => ({ jail: v.jail, host: v.host }))).toEqual([{ jail: null, host: 'web-1' }]);
    expect(variablesOf(sent, 'BanEvents')).toEqual([{ filter: { hosts: ['web-1'] }, last: 20 }]);
    emit('BanEvents', {
      banEvents: {
        __typename: 'BanEvent',
        cursor: 'e1',
        kind: 'BAN',
        ip: '192.0.2.7',
        jail: 'sshd',
        at: '2026-12-03T12:00:00Z',
        origin: 'FAIL2BAN',
        host: 'web-1',
        country: { __typename: 'Country', code: 'DE', name: 'Germany' },
      },
    });
    const event = within(screen.getByRole('list', { name: 'Latest ban events' })).getByRole('listitem');
    expect([...event.children].map((part) => part.textContent).slice(0, 5)).toEqual(['Ban', '192.0.2.7', 'sshd', 'Germany', 'on web-1']);
    const picker = screen.getByLabelText('Host') as HTMLSelectElement;
    expect(picker.value).toBe('web-1');
    fireEvent.change(picker, { target: { value: 'bastion' } });
    await waitFor(() => expect(variablesOf(sent, 'Dashboard').at(-1)?.host).toBe('bastion'));
    fireEvent.change(screen.getByLabelText('Jail'), { target: { value: 'sshd' } });
    await waitFor(() => expect(variablesOf(sent, 'BanEvents').at(-1)).toEqual({ filter: { jails: ['sshd'], hosts: ['bastion'] }, last: 20 }));
  });

  it('sends the jail and a 7-day window from the URL', () => {
    const before = Date.now();
    const { sent } = renderWithApi(<DashboardPage />, { viewer: VIEWER, answers, route: '/?range=7d&jail=sshd' });
    const variables = sent.find((op) => op.name === 'Dashboard')?.variables as { since: string; jail: string };
    expect(variables.jail).toBe('sshd');
    const week = 7 * 24 * 3600 * 1000;
    expect(before - week - Date.parse(variables.since)).toBeLessThanOrEqual(0);
    expect(Date.now() - week - Date.parse(variables.since)).toBeGreaterThanOrEqual(0);
    expect((screen.getByLabelText('Time range') as HTMLSelectElement).value).toBe('7d');
  });

  it('follows the archive for the jail and host from the URL, or for all', () => {
    const { sent } = renderWithApi(<DashboardPage />, { viewer: VIEWER, answers, route: '/?jail=sshd&host=web-1' });
    expect(variablesOf(sent, 'DashboardChanged')).toEqual([{ jail: 'sshd', host: 'web-1' }]);
    cleanup();
    const all = renderWithApi(<DashboardPage />, { viewer: VIEWER, answers, route: '/' });
    expect(variablesOf(all.sent, 'DashboardChanged')).toEqual([{ jail: null, host: null }]);
  });

  it('reads the dashboard again once for a delta', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { sent, emit } = renderWithApi(<DashboardPage />, { viewer: VIEWER, answers, route: '/?range=7d&host=web-1' });
    const [first] = variablesOf(sent, 'Dashboard');
    emit('DashboardChanged', delta(2));
    expect(variablesOf(sent, 'Dashboard')).toEqual([first, first]);
    expect(first).toEqual({ since: first?.since, jail: null, host: 'web-1' });
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(variablesOf(sent, 'Dashboard')).toHaveLength(2);
  });

  it('reads the dashboard once more for the deltas that come during a read, a second after it began', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const ends: Array<() => void> = [];
    let reads = 0;
    const Dashboard = () => {
      reads += 1;
      return reads === 1 ? answers.Dashboard : new Promise((resolve) => ends.push(() => resolve(answers.Dashboard)));
    };
    const { sent, emit } = renderWithApi(<DashboardPage />, { viewer: VIEWER, answers: { ...answers, Dashboard }, route: '/' });
    emit('DashboardChanged', delta(1));
    expect(variablesOf(sent, 'Dashboard')).toHaveLength(2);
    emit('DashboardChanged', delta(4));
    emit('DashboardChanged', delta(1));
    await act(() => vi.advanceTimersByTimeAsync(400));
    expect(variablesOf(sent, 'Dashboard')).toHaveLength(2);
    await act(async () => ends[0]?.());
    await act(() => vi.advanceTimersByTimeAsync(599));
    expect(variablesOf(sent, 'Dashboard')).toHaveLength(2);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(variablesOf(sent, 'Dashboard')).toHaveLength(3);
    await act(async () => ends[1]?.());
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(variablesOf(sent, 'Dashboard')).toHaveLength(3);
  });
});
