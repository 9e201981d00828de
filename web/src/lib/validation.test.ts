// Tests of address, URL, name and jail-settings validation.
import { describe, expect, it } from 'vitest';
import {
  BAN_TIME_ERROR,
  FIND_TIME_ERROR,
  changedSettings,
  isHttpUrl,
  isIp,
  isIpOrCidr,
  isJailName,
  nonBlankLines,
  validateJailSettings,
} from './validation';

describe('addresses', () => {
  it('accepts IPv4 and IPv6 addresses', () => {
    expect(isIp('192.0.2.1')).toBe(true);
    expect(isIp('2001:db8::1')).toBe(true);
    expect(isIp('::1')).toBe(true);
  });
  it('rejects malformed addresses', () => {
    expect(isIp('256.0.0.1')).toBe(false);
    expect(isIp('1.2.3')).toBe(false);
    expect(isIp('01.2.3.4')).toBe(false);
    expect(isIp('2001:db8:::1')).toBe(false);
    expect(isIp('example.com')).toBe(false);
    expect(isIp('10.0.0.0/8')).toBe(false);
  });
  it('accepts CIDR networks with valid prefixes', () => {
    expect(isIpOrCidr('10.0.0.0/8')).toBe(true);
    expect(isIpOrCidr('10.0.0.0/32')).toBe(true);
    expect(isIpOrCidr('2001:db8::/32')).toBe(true);
    expect(isIpOrCidr('203.0.113.9')).toBe(true);
  });
  it('rejects bad prefixes', () => {
    expect(isIpOrCidr('10.0.0.0/33')).toBe(false);
    expect(isIpOrCidr('2001:db8::/129')).toBe(false);
    expect(isIpOrCidr('10.0.0.0/')).toBe(false);
    expect(isIpOrCidr('10.0.0.0/x')).toBe(false);
  });
});

describe('validateJailSettings', () => {
  it('returns numbers for valid input', () => {
    expect(validateJailSettings({ banTime: ' 600 ', findTime: '60', maxRetry: '5' })).toEqual({
      ok: true,
      values: { banTime: 600, findTime: 60, maxRetry: 5 },
    });
  });
  it('reads durations in units', () => {
    expect(validateJailSettings({ banTime: '1w', findTime: '10m', maxRetry: '3' })).toEqual({
      ok: true,
      values: { banTime: 604800, findTime: 600, maxRetry: 3 },
    });
    expect(validateJailSettings({ banTime: 'permanent', findTime: '1h 30m', maxRetry: '3' })).toEqual({
      ok: true,
      values: { banTime: -1, findTime: 5400, maxRetry: 3 },
    });
  });
  it('accepts -1 as a permanent ban time', () => {
    expect(validateJailSettings({ banTime: '-1', findTime: '60', maxRetry: '1' })).toEqual({
      ok: true,
      values: { banTime: -1, findTime: 60, maxRetry: 1 },
    });
  });
  it('reports each invalid field', () => {
    expect(validateJailSettings({ banTime: '0', findTime: '1.5', maxRetry: '' })).toEqual({
      ok: false,
      errors: {
        banTime: BAN_TIME_ERROR,
        findTime: FIND_TIME_ERROR,
        maxRetry: 'A whole number, at least 1.',
      },
    });
    expect(validateJailSettings({ banTime: '-2', findTime: '10', maxRetry: '3' })).toEqual({
      ok: false,
      errors: { banTime: BAN_TIME_ERROR },
    });
    expect(validateJailSettings({ banTime: '10m', findTime: '-1', maxRetry: '3' })).toEqual({
      ok: false,
      errors: { findTime: FIND_TIME_ERROR },
    });
  });
  it('rejects values beyond a 32-bit integer', () => {
    expect(validateJailSettings({ banTime: '2147483648', findTime: '10', maxRetry: '3' }).ok).toBe(false);
  });
});

describe('changedSettings', () => {
  it('keeps only the changed fields', () => {
    expect(changedSettings({ banTime: 600, findTime: 60, maxRetry: 5 }, { banTime: 600, findTime: 120, maxRetry: 5 })).toEqual({
      findTime: 120,
    });
    expect(changedSettings({ banTime: 600, findTime: 60, maxRetry: 5 }, { banTime: 600, findTime: 60, maxRetry: 5 })).toEqual({});
  });
});

describe('isHttpUrl', () => {
  it('accepts http and https URLs with a host', () => {
    expect(isHttpUrl('https://www.spamhaus.org/drop/drop.txt')).toBe(true);
    expect(isHttpUrl(' http://203.0.113.5:8080/list ')).toBe(true);
    expect(isHttpUrl('HTTPS://example.org')).toBe(true);
  });
  it('refuses other schemes and malformed URLs', () => {
    expect(isHttpUrl('ftp://example.org/list')).toBe(false);
    expect(isHttpUrl('file:///etc/passwd')).toBe(false);
    expect(isHttpUrl('example.org/list')).toBe(false);
    expect(isHttpUrl('https://')).toBe(false);
    expect(isHttpUrl('http://exa mple.org')).toBe(false);
  });
});

describe('isJailName', () => {
  it('accepts what fail2ban accepts', () => {
    expect(['sshd', 'nginx-http-auth', 'postfix_sasl', 'a.b@c'].map(isJailName)).toEqual([true, true, true, true]);
    expect(['', 'ssh d', 'x'.repeat(65), 'jail/1'].map(isJailName)).toEqual([false, false, false, false]);
  });
});

describe('nonBlankLines', () => {
  it('keeps trimmed non-blank lines with their numbers', () => {
    expect(nonBlankLines(' a \r\n\n  \nb')).toEqual([
      { line: 1, text: 'a' },
      { line: 4, text: 'b' },
    ]);
  });
});
