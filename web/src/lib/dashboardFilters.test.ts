// Tests of the dashboard's URL state.
import { describe, expect, it } from 'vitest';
import { parseFilters, rangeSince, serializeFilters } from './dashboardFilters';

describe('parseFilters', () => {
  it('uses the defaults for an empty query', () => {
    expect(parseFilters('')).toEqual({ range: '24h', jail: null, host: null });
  });
  it('reads a known range, a jail and a host', () => {
    expect(parseFilters('?range=30d&jail=sshd&host=web-1')).toEqual({ range: '30d', jail: 'sshd', host: 'web-1' });
  });
  it('falls back to 24h for an unknown range and ignores a blank jail or host', () => {
    expect(parseFilters('range=2w&jail=%20&host=')).toEqual({ range: '24h', jail: null, host: null });
  });
});

describe('serializeFilters', () => {
  it('leaves the defaults out', () => {
    expect(serializeFilters({ range: '24h', jail: null, host: null })).toBe('');
  });
  it('writes range, jail and host', () => {
    expect(serializeFilters({ range: '1y', jail: 'nginx-http-auth', host: 'web-1' })).toBe('range=1y&jail=nginx-http-auth&host=web-1');
  });
  it('keeps unrelated parameters and removes cleared ones', () => {
    expect(serializeFilters({ range: '24h', jail: null, host: null }, 'range=7d&jail=sshd&host=web-1&tab=map')).toBe('tab=map');
  });
  it('round-trips through parseFilters', () => {
    const filters = { range: '7d', jail: 'postfix', host: 'web-1' } as const;
    expect(parseFilters(serializeFilters(filters))).toEqual(filters);
  });
});

describe('rangeSince', () => {
  const now = new Date('2024-03-10T12:00:00.000Z');
  it('counts back 24 hours', () => {
    expect(rangeSince('24h', now)).toBe('2024-03-09T12:00:00.000Z');
  });
  it('counts back 7 days', () => {
    expect(rangeSince('7d', now)).toBe('2024-03-03T12:00:00.000Z');
  });
  it('counts back 30 days', () => {
    expect(rangeSince('30d', now)).toBe('2024-02-09T12:00:00.000Z');
  });
  it('counts back 365 days for a year', () => {
    expect(rangeSince('1y', now)).toBe('2023-03-11T12:00:00.000Z');
  });
});
