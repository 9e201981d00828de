// @vitest-environment jsdom
// Tests that a banner names each agent host that is not connected, and follows the connections the server pushes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { HostBanners } from './HostBanners';
import { VIEWER, renderWithApi } from '../test/renderWithApi';
import { formatDateTime } from '../lib/format';

const host = (id: string, name: string, fields: Record<string, unknown> = {}) => ({
  __typename: 'Host',
  id,
  name,
  local: false,
  connected: true,
  lastSeenAt: '2026-12-03T11:59:00Z',
  agentVersion: '0.4.0',
  fail2banVersion: '1.1.0',
  refusal: null,
  tokenCreatedAt: '2026-12-01T09:00:00Z',
  ...fields,
});

const banners = () => screen.queryAllByRole('alert').map((alert) => alert.textContent);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-03T12:00:00Z'));
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('HostBanners', () => {
  it('names each agent host that is not connected, with when it was last seen', () => {
    renderWithApi(<HostBanners />, {
      viewer: VIEWER,
      answers: {
        Hosts: {
          hosts: [
            host('1', 'bastion', { local: true, agentVersion: null }),
            host('2', 'alpha'),
            host('3', 'beta', { connected: false, lastSeenAt: '2026-12-03T11:45:00Z' }),
            host('4', 'gamma', { connected: false, lastSeenAt: null }),
            host('5', 'delta', { connected: false, refusal: 'protocol 1 is too old; 2 needed' }),
          ],
        },
      },
    });
    const tail = 'Its bans and jail changes are unavailable; its history is still shown.';
    expect(banners()).toEqual([
      `Host beta is not connectedIts agent was last seen 15 min ago (${formatDateTime('2026-12-03T11:45:00Z')}). ${tail}`,
      `Host gamma is not connectedIts agent has never connected. ${tail}`,
      `Host delta is not connectedIts agent was last seen 1 min ago (${formatDateTime('2026-12-03T11:59:00Z')}). ${tail} The hub refused its agent: protocol 1 is too old; 2 needed`,
    ]);
  });

  it('follows the connections the server pushes', async () => {
    let hosts = [host('1', 'bastion', { local: true }), host('2', 'alpha')];
    const { emit } = renderWithApi(<HostBanners />, { viewer: VIEWER, answers: { Hosts: () => ({ hosts }) } });
    expect(banners()).toEqual([]);

    hosts = [hosts[0]!, host('2', 'alpha', { connected: false })];
    emit('HostStatus', { hostStatus: hosts[1] });
    await waitFor(() => expect(banners()).toHaveLength(1));
    expect(banners()[0]).toMatch(/^Host alpha is not connectedIts agent was last seen 1 min ago/);

    hosts = [hosts[0]!, host('2', 'alpha')];
    emit('HostStatus', { hostStatus: hosts[1] });
    await waitFor(() => expect(banners()).toEqual([]));
  });

  it('shows nothing while the hosts cannot be read', () => {
    renderWithApi(<HostBanners />, { viewer: VIEWER, answers: {} });
    expect(banners()).toEqual([]);
  });
});
