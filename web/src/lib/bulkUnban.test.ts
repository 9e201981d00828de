// Tests grouping chosen bans by jail and describing a bulk unban's outcome.
import { describe, expect, it } from 'vitest';
import { addCounts, banKey, byJail, describeBulkUnban } from './bulkUnban';

describe('byJail', () => {
  it('groups the addresses by jail and host, each once', () => {
    expect(
      byJail([
        { ip: '192.0.2.1', jail: 'sshd', host: 'bastion' },
        { ip: '203.0.113.0/24', jail: 'nginx', host: 'bastion' },
        { ip: '192.0.2.2', jail: 'sshd', host: 'bastion' },
        { ip: '192.0.2.1', jail: 'sshd', host: 'bastion' },
        { ip: '192.0.2.1', jail: 'sshd', host: 'web-1' },
      ]),
    ).toEqual([
      { jail: 'sshd', host: 'bastion', ips: ['192.0.2.1', '192.0.2.2'] },
      { jail: 'nginx', host: 'bastion', ips: ['203.0.113.0/24'] },
      { jail: 'sshd', host: 'web-1', ips: ['192.0.2.1'] },
    ]);
  });
});

describe('addCounts and describeBulkUnban', () => {
  it('adds the counts of each call', () => {
    expect(
      addCounts([
        { unbanned: 2, notBanned: 1, invalid: [] },
        { unbanned: 1, notBanned: 0, invalid: ['x'] },
      ]),
    ).toEqual({ unbanned: 3, notBanned: 1, invalid: ['x'] });
  });

  it('says what was done', () => {
    expect(describeBulkUnban({ unbanned: 3, notBanned: 0, invalid: [] })).toBe('Unbanned 3 addresses.');
    expect(describeBulkUnban({ unbanned: 1, notBanned: 1, invalid: [] })).toBe('Unbanned 1 address; 1 was not banned.');
    expect(describeBulkUnban({ unbanned: 0, notBanned: 2, invalid: ['a', 'b'] })).toBe(
      'Unbanned 0 addresses; 2 addresses were not banned; 2 invalid: a, b.',
    );
  });
});

describe('banKey', () => {
  it('tells the same address in two jails or on two hosts apart', () => {
    const ban = { ip: '192.0.2.1', jail: 'sshd', host: 'bastion' };
    expect(banKey(ban)).not.toBe(banKey({ ...ban, jail: 'nginx' }));
    expect(banKey(ban)).not.toBe(banKey({ ...ban, host: 'web-1' }));
    expect(banKey(ban)).toBe(banKey({ ...ban }));
  });
});
