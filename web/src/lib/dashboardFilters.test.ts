// Tests of the dashboard's URL state.
import { describe, expect, it } from 'vitest';
import { parseFilters, rangeSince, serializeFilters } from './dashboardFilters';

describe('parseFilters', () => {
  it('uses the defaults for an empty query', () => {
    expect(parseFilters('')).toEqual({ range: '24h', jail: null });
  });
  it('reads a known range and a jail', () => {
    expect(parseFilters('?range=30d&jail=sshd')).toEqual({ range: '30d', jail: 'sshd' });
  });
  it('falls back to 24h for an unknown range and ignores a blank jail', () => {
    expect(parseFilters('range=2w&jail=%20')).toEqual({ range: '24h', jail: null });
  });
});

describe('serializeFilters', () => {
  it('leaves the defaults out', () => {
    expect(serializeFilters({ range: '24h', jail: null })).toBe('');
  });
  it('writes range and jail', () => {
    expect(serializeFilters({ range: '1y', jail: 'nginx-http-auth' })).toBe('range=1y&jail=nginx-http-auth');
  });
  it('keeps unrelated parameters and removes cleared ones', () => {
    expect(serializeFilters({ range: '24h', jail: null }, 'range=7d&jail=sshd&tab=map')).toBe('tab=map');
  });
  it('round-trips through parseFilters', () => {
    const filters = { range: '7d', jail: 'postfix' } as const;
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
