// @vitest-environment jsdom
// Tests the live feed: it opens with the last archived events, newest first, once each, and keeps its cap.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { LiveFeed } from './LiveFeed';
import { FEED_LIMIT } from '../lib/eventFeed';
import { VIEWER, renderWithApi, variablesOf } from '../test/renderWithApi';

const event = (n: number) => ({
  banEvents: {
    __typename: 'BanEvent',
    cursor: `e${n}`,
    kind: 'BAN',
    ip: `192.0.2.${n}`,
    jail: 'sshd',
    at: '2026-12-03T12:00:00Z',
    origin: 'FAIL2BAN',
    host: 'bastion',
    country: null,
  },
});

const shownIps = () =>
  within(screen.getByRole('list', { name: 'Latest ban events' }))
    .getAllByRole('listitem')
    .map((item) => item.children[1]?.textContent);

afterEach(cleanup);

describe('LiveFeed', () => {
  it('subscribes for the last 20 events, without after', () => {
    const { sent } = renderWithApi(<LiveFeed filter={{ jails: ['sshd'] }} />, { viewer: VIEWER, answers: {} });
    expect(variablesOf(sent, 'BanEvents')).toStrictEqual([{ filter: { jails: ['sshd'] }, last: 20 }]);
    expect(screen.getByText('Waiting for new bans…')).toBeTruthy();
  });

  it('shows the replayed events and the live ones newest first, each once', () => {
    const { emit } = renderWithApi(<LiveFeed filter={null} />, { viewer: VIEWER, answers: {} });
    // The replay comes oldest first.
    for (const n of [1, 2, 3]) emit('BanEvents', event(n));
    emit('BanEvents', event(3));
    emit('BanEvents', event(2));
    emit('BanEvents', event(4));
    expect(shownIps()).toEqual(['192.0.2.4', '192.0.2.3', '192.0.2.2', '192.0.2.1']);
  });

  it(`keeps the ${FEED_LIMIT} newest events`, () => {
    const { emit } = renderWithApi(<LiveFeed filter={null} />, { viewer: VIEWER, answers: {} });
    for (let n = 1; n <= FEED_LIMIT + 10; n += 1) emit('BanEvents', event(n));
    const ips = shownIps();
    expect(ips).toHaveLength(50);
    expect([ips[0], ips.at(-1)]).toEqual([`192.0.2.${FEED_LIMIT + 10}`, '192.0.2.11']);
  });
});
