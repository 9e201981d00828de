// Tests of the bans filters, map data join, trend layout and formatting.
import { describe, expect, it } from 'vitest';
import {
  NO_BAN_FILTERS,
  banFilterErrors,
  instantToLocalInput,
  parseBanFilters,
  readsArchive,
  serializeBanFilters,
  takesNewBans,
  toBanFilterInput,
  toInstant,
} from './banFilters';
import { countryStats } from './mapData';
import { autoBucketMs, trendBars } from './trendLayout';
import { formatAsn, formatBytes, formatInterval, formatTimeAgo, plural, summarizeList } from './format';
import { canOperate, hasRole, isAdmin } from './roles';

describe('ban filters', () => {
  it('takes new bans into an archive list without an end, or with one still to come', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    expect([readsArchive({}), readsArchive({ source: 'ARCHIVE' }), readsArchive({ source: 'FAIL2BAN' })]).toEqual([true, true, false]);
    expect(
      [{}, { until: '2026-12-03T12:00:01Z' }, { until: '2026-12-03T12:00:00Z' }, { source: 'FAIL2BAN' as const }].map((filter) =>
        takesNewBans(filter, now),
      ),
    ).toEqual([true, true, false, false]);
  });
  it('parses and normalises the query string', () => {
    expect(
      parseBanFilters(
        'host=web-1&jail=sshd&ip=10.0.0.0/8&country=de&origin=MANUAL&active=1&since=2026-12-01T01:00:00%2B01:00&until=2026-12-02T00:00:00.250Z',
      ),
    ).toEqual({
      host: 'web-1',
      jail: 'sshd',
      ip: '10.0.0.0/8',
      country: 'DE',
      origin: 'MANUAL',
      activeOnly: true,
      since: '2026-12-01T00:00:00Z',
      until: '2026-12-02T00:00:00.250Z',
    });
    expect(parseBanFilters('origin=OTHER').origin).toBe('');
    expect(parseBanFilters('since=yesterday&until=')).toEqual(NO_BAN_FILTERS);
  });
  it('serialises only set filters, keeping other parameters', () => {
    expect(serializeBanFilters({ ...NO_BAN_FILTERS, ip: '1.2.3.4', activeOnly: true }, 'detail=1.2.3.4&jail=x&host=y&since=z')).toBe(
      'detail=1.2.3.4&ip=1.2.3.4&active=1',
    );
    expect(serializeBanFilters({ ...NO_BAN_FILTERS, host: 'web-1', jail: 'sshd', since: '2026-12-01T00:00:00Z' })).toBe(
      'host=web-1&jail=sshd&since=2026-12-01T00%3A00%3A00Z',
    );
  });
  it('builds the API filter from set values only', () => {
    expect(toBanFilterInput({ ...NO_BAN_FILTERS, jail: 'sshd', country: 'FR' })).toEqual({
      jail: 'sshd',
      country: 'FR',
    });
    expect(toBanFilterInput({ ...NO_BAN_FILTERS, host: 'web-1' })).toEqual({ host: 'web-1' });
    expect(toBanFilterInput({ ...NO_BAN_FILTERS, since: '2026-12-01T00:00:00Z', until: '2026-12-08T00:00:00Z' })).toEqual({
      since: '2026-12-01T00:00:00Z',
      until: '2026-12-08T00:00:00Z',
    });
  });
  it('validates address, country and the order of the instants', () => {
    expect(banFilterErrors({ ...NO_BAN_FILTERS, ip: '1.2.3', country: 'DEU' })).toEqual({
      ip: 'An IP address or a CIDR network, like 10.0.0.0/8.',
      country: 'Two letters, like DE.',
    });
    expect(banFilterErrors({ ...NO_BAN_FILTERS, since: '2026-12-02T00:00:00Z', until: '2026-12-01T00:00:00Z' })).toEqual({
      until: 'A time after the start.',
    });
    expect(banFilterErrors({ ...NO_BAN_FILTERS, since: '2026-12-01T00:00:00Z', until: '2026-12-02T00:00:00Z' })).toEqual({});
  });
  it('shows an instant in the local time of a datetime-local input, and reads it back', () => {
    const local = instantToLocalInput('2026-12-01T08:30:00Z');
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(toInstant(local)).toBe('2026-12-01T08:30:00Z');
    expect(instantToLocalInput('')).toBe('');
    expect(toInstant('')).toBe('');
  });
});

describe('countryStats', () => {
  it('keys rows by atlas id and finds the maximum', () => {
    const { byKey, max } = countryStats([
      { country: { code: 'DE', name: 'Germany' }, count: 7, uniqueIps: 3 },
      { country: { code: 'us', name: null }, count: 12, uniqueIps: 10 },
    ]);
    expect(max).toBe(12);
    expect(byKey.get('276')).toEqual({ code: 'DE', name: 'Germany', count: 7, uniqueIps: 3 });
    expect(byKey.get('840')).toEqual({ code: 'US', name: 'US', count: 12, uniqueIps: 10 });
  });
});

describe('trend layout', () => {
  const since = Date.parse('2024-01-01T00:00:00Z');
  it('uses hours up to three days and days beyond', () => {
    expect(autoBucketMs(since, since + 3 * 86400_000)).toBe(3600_000);
    expect(autoBucketMs(since, since + 3 * 86400_000 + 1)).toBe(86400_000);
  });
  it('places bars by time and scales heights to the peak', () => {
    const { bars, max } = trendBars(
      [
        { start: '2024-01-01T00:00:00Z', count: 2 },
        { start: '2024-01-01T12:00:00Z', count: 4 },
      ],
      since,
      since + 24 * 3600_000,
      240,
      100,
    );
    expect(max).toBe(4);
    expect(bars.map((b) => [b.x, b.width, b.height])).toEqual([
      [0, 9, 50],
      [120, 9, 100],
    ]);
  });
});

describe('plural', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect([plural(0, 'ban'), plural(1, 'ban'), plural(2, 'ban'), plural(1234, 'ban')]).toEqual([
      '0 bans',
      '1 ban',
      '2 bans',
      '1,234 bans',
    ]);
  });
  it('takes an irregular plural', () => {
    expect([
      plural(1, 'address', 'addresses'),
      plural(3, 'address', 'addresses'),
      plural(1, 'entry', 'entries'),
      plural(0, 'entry', 'entries'),
    ]).toEqual(['1 address', '3 addresses', '1 entry', '0 entries']);
  });
});

describe('formatBytes, formatInterval, summarizeList', () => {
  it('shows sizes in binary units', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(123_456_789), formatBytes(5 * 1024 ** 4)]).toEqual([
      '0 B',
      '1023 B',
      '1.5 KiB',
      '118 MiB',
      '5.0 TiB',
    ]);
  });
  it('shows a schedule in minutes as a duration', () => {
    expect([formatInterval(5), formatInterval(1440), formatInterval(2160)]).toEqual(['every 5 min', 'every 1 d', 'every 1 d 12 h']);
  });
  it('lists the first entries and counts the rest', () => {
    expect(summarizeList([])).toBe('none');
    expect(summarizeList(['10.0.0.0/8', '192.0.2.1'])).toBe('10.0.0.0/8, 192.0.2.1');
    expect(summarizeList(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
  });
});

describe('formatAsn', () => {
  it('gives the number with AS, then the name when known', () => {
    expect(formatAsn({ number: 13335, name: 'Cloudflare, Inc.' })).toBe('AS13335 · Cloudflare, Inc.');
    expect(formatAsn({ number: 64501, name: null })).toBe('AS64501');
    expect(formatAsn(null)).toBe('unknown');
  });
});

describe('formatTimeAgo', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  it('says how long ago, in whole minutes and up', () => {
    expect(formatTimeAgo('2026-12-03T11:59:30Z', now)).toBe('just now');
    expect(formatTimeAgo('2026-12-03T12:00:05Z', now)).toBe('just now');
    expect(formatTimeAgo('2026-12-03T11:55:00Z', now)).toBe('5 min ago');
    expect(formatTimeAgo('2026-12-03T09:49:10Z', now)).toBe('2 h 10 min ago');
    expect(formatTimeAgo('2026-11-30T12:00:00Z', now)).toBe('3 d ago');
  });
  it('says never without a time', () => {
    expect(formatTimeAgo(null, now)).toBe('never');
    expect(formatTimeAgo(undefined, now)).toBe('never');
    expect(formatTimeAgo('not a time', now)).toBe('never');
  });
});

describe('roles', () => {
  it('lets only operators and admins ban, only admins administer', () => {
    expect([canOperate('VIEWER'), canOperate('OPERATOR'), canOperate('ADMIN'), canOperate(null)]).toEqual([false, true, true, false]);
    expect([isAdmin('VIEWER'), isAdmin('OPERATOR'), isAdmin('ADMIN')]).toEqual([false, false, true]);
  });
  it('ranks ADMIN above OPERATOR above VIEWER', () => {
    const roles = ['VIEWER', 'OPERATOR', 'ADMIN'] as const;
    expect(roles.map((role) => roles.map((needed) => hasRole(role, needed)))).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]);
    expect([hasRole(null, 'VIEWER'), hasRole(undefined, 'VIEWER')]).toEqual([false, false]);
  });
});
