// Tests reading the create-jail form and choosing what its filter test runs on.
import { describe, expect, it } from 'vitest';
import { EMPTY_NEW_JAIL, planFilterTest, sampleLinesOf, validateNewJail } from './jailForm';
import { BAN_TIME_ERROR } from './validation';

describe('validateNewJail', () => {
  it('sends the given settings and leaves out empty ones', () => {
    expect(validateNewJail({ ...EMPTY_NEW_JAIL, name: ' app ', filter: 'sshd', logPaths: '/var/log/a.log\n\n /var/log/b*.log ' })).toEqual({
      ok: true,
      input: { name: 'app', filter: 'sshd', logPaths: ['/var/log/a.log', '/var/log/b*.log'], enabled: true },
    });
    expect(
      validateNewJail({
        name: 'web_1',
        filter: 'nginx-http-auth',
        logPaths: '/var/log/nginx/error.log',
        port: 'http, https',
        banTime: '1w',
        findTime: '10m',
        maxRetry: '5',
        enabled: false,
      }),
    ).toEqual({
      ok: true,
      input: {
        name: 'web_1',
        filter: 'nginx-http-auth',
        logPaths: ['/var/log/nginx/error.log'],
        port: 'http, https',
        banTime: 604800,
        findTime: 600,
        maxRetry: 5,
        enabled: false,
      },
    });
  });

  it('reports each invalid field', () => {
    expect(validateNewJail({ ...EMPTY_NEW_JAIL, name: 'my jail', logPaths: 'log/a.log', port: '22;', banTime: '0' })).toEqual({
      ok: false,
      errors: {
        name: 'Letters, digits, - and _ (at most 64).',
        filter: 'Choose one of the installed filters.',
        logPaths: 'Each log file as an absolute path, one a line.',
        port: 'Ports or service names, comma-separated: ssh or 80,443.',
        banTime: BAN_TIME_ERROR,
      },
    });
    expect(validateNewJail({ ...EMPTY_NEW_JAIL, name: 'a', filter: 'sshd' })).toEqual({
      ok: false,
      errors: { logPaths: 'At least one log file.' },
    });
  });
});

describe('planFilterTest', () => {
  const jails = [
    { name: 'sshd', logPaths: ['/var/log/auth.log'] },
    { name: 'web', logPaths: ['/var/log/nginx/error.log'] },
  ];

  it('tests the sample lines when there are any', () => {
    expect(planFilterTest('sshd', 'line one\r\n\n  line two', '/var/log/auth.log', jails)).toEqual({
      input: { filter: 'sshd', lines: ['line one', '  line two'] },
      source: 'the sample lines',
    });
  });

  it('else tests the log of a jail that watches one of the files', () => {
    expect(planFilterTest('nginx-http-auth', '', '/tmp/x.log\n/var/log/nginx/error.log', jails)).toEqual({
      input: { filter: 'nginx-http-auth', jail: 'web' },
      source: 'the log of the jail web',
    });
  });

  it('says why no test can run', () => {
    expect(planFilterTest('', 'a line', '', jails)).toEqual({ input: null, reason: 'Choose a filter to test it.' });
    expect(planFilterTest('sshd', ' ', '/var/log/other.log', jails)).toEqual({
      input: null,
      reason: 'Paste sample lines, or give a log file an existing jail watches, to test the filter.',
    });
  });

  it('keeps the spaces a line starts with', () => {
    expect(sampleLinesOf(' a\n\t\nb ')).toEqual([' a', 'b ']);
  });
});
