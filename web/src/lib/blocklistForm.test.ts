// Tests of the blocklist source form checks.
import { describe, expect, it } from 'vitest';
import { EMPTY_SOURCE_FORM, sourceToForm, validateSourceForm } from './blocklistForm';

const valid = {
  ...EMPTY_SOURCE_FORM,
  name: ' Spamhaus DROP ',
  url: ' https://www.spamhaus.org/drop/drop.txt ',
  jail: 'recidive',
  intervalMinutes: '360',
  allowlist: '203.0.113.0/24\n\n  2001:db8::1  \n',
};

describe('validateSourceForm', () => {
  it('turns a valid form into the API input', () => {
    expect(validateSourceForm(valid)).toEqual({
      ok: true,
      input: {
        name: 'Spamhaus DROP',
        url: 'https://www.spamhaus.org/drop/drop.txt',
        jail: 'recidive',
        enabled: true,
        intervalMinutes: 360,
        allowlist: ['203.0.113.0/24', '2001:db8::1'],
        unbanRemoved: false,
      },
    });
  });

  it('reports each invalid field', () => {
    expect(validateSourceForm({ ...valid, name: '  ', url: 'ftp://example.org/list', jail: 'ssh d', intervalMinutes: '4' })).toEqual({
      ok: false,
      errors: {
        name: 'A name of 1 to 100 characters.',
        url: 'An http:// or https:// address, like https://example.org/list.txt.',
        jail: 'A jail name: letters, digits, - _ . or @.',
        intervalMinutes: 'A whole number of minutes from 5 to 527040.',
      },
    });
  });

  it('accepts the interval bounds and refuses beyond them', () => {
    expect(validateSourceForm({ ...valid, intervalMinutes: '5' }).ok).toBe(true);
    expect(validateSourceForm({ ...valid, intervalMinutes: '527040' }).ok).toBe(true);
    expect(validateSourceForm({ ...valid, intervalMinutes: '527041' }).ok).toBe(false);
    expect(validateSourceForm({ ...valid, intervalMinutes: '60.5' }).ok).toBe(false);
  });

  it('names the bad allowlist lines by number', () => {
    const result = validateSourceForm({ ...valid, allowlist: '10.0.0.0/8\nlocalhost\n\n10.0.0.0/33\n1.2.3\n::1/200\n192.0.2.1' });
    expect(result).toEqual({
      ok: false,
      errors: { allowlist: 'Not an IP address or CIDR network: line 2 (localhost), line 4 (10.0.0.0/33), line 5 (1.2.3) and 1 more.' },
    });
  });

  it('refuses more than 1000 allowlist entries', () => {
    const allowlist = Array.from({ length: 1001 }, (_, i) => `10.0.${Math.floor(i / 256)}.${i % 256}`).join('\n');
    expect(validateSourceForm({ ...valid, allowlist })).toEqual({ ok: false, errors: { allowlist: 'At most 1000 entries.' } });
  });
});

describe('sourceToForm', () => {
  it('fills the form from a stored source, one allowlist entry per line', () => {
    expect(
      sourceToForm({
        name: 'FireHOL',
        url: 'https://example.org/level1.netset',
        jail: 'sshd',
        enabled: false,
        intervalMinutes: 1440,
        allowlist: ['10.0.0.0/8', '192.0.2.7/32'],
        unbanRemoved: true,
      }),
    ).toEqual({
      name: 'FireHOL',
      url: 'https://example.org/level1.netset',
      jail: 'sshd',
      enabled: false,
      intervalMinutes: '1440',
      allowlist: '10.0.0.0/8\n192.0.2.7/32',
      unbanRemoved: true,
    });
  });
});
