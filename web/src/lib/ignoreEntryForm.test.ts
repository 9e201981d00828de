// Tests reading the form that adds an ignore-list or allowlist entry.
import { describe, expect, it } from 'vitest';
import { validateIgnoreEntry } from './ignoreEntryForm';

const now = new Date('2026-12-01T10:00:00Z');

describe('validateIgnoreEntry', () => {
  it('sends an address without comment or expiry as nulls', () => {
    expect(validateIgnoreEntry({ ip: ' 192.0.2.7 ', comment: ' ', expiresIn: '' }, now)).toEqual({
      ok: true,
      values: { ip: '192.0.2.7', comment: null, expiresAt: null },
    });
  });

  it('counts the expiry from now', () => {
    expect(validateIgnoreEntry({ ip: '10.0.0.0/8', comment: 'office', expiresIn: '7d' }, now)).toEqual({
      ok: true,
      values: { ip: '10.0.0.0/8', comment: 'office', expiresAt: '2026-12-08T10:00:00.000Z' },
    });
    expect(validateIgnoreEntry({ ip: '2001:db8::/32', comment: '', expiresIn: '90m' }, now)).toEqual({
      ok: true,
      values: { ip: '2001:db8::/32', comment: null, expiresAt: '2026-12-01T11:30:00.000Z' },
    });
  });

  it('reports each invalid field', () => {
    expect(validateIgnoreEntry({ ip: 'example.com', comment: 'x'.repeat(201), expiresIn: 'soon' }, now)).toEqual({
      ok: false,
      errors: {
        ip: 'An IP address or a CIDR network, like 192.168.0.0/16.',
        comment: 'At most 200 characters.',
        expiresIn: 'A duration such as 1h, 7d or 1w (at least 1m); empty for never.',
      },
    });
    expect(validateIgnoreEntry({ ip: '192.0.2.1', comment: '', expiresIn: '-1' }, now).ok).toBe(false);
    expect(validateIgnoreEntry({ ip: '192.0.2.1', comment: '', expiresIn: '30s' }, now).ok).toBe(false);
  });
});
