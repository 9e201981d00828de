// Tests of the notification channel and rule forms, rule summaries and following test messages.
import { describe, expect, it } from 'vitest';
import { EMPTY_CHANNEL_FORM, channelToForm, takesSecret, validateChannelForm } from './channelForm';
import { EMPTY_RULE_FORM, describeRule, parseCountries, ruleToForm, toggled, validateRuleForm } from './ruleForm';
import { TEST_MAX_POLLS, advanceTests, isFollowed } from './deliveries';
import type { TestDelivery } from './deliveries';

const webhook = { ...EMPTY_CHANNEL_FORM, name: ' On-call ', target: ' https://hooks.example.org/bangui ', secret: 'hmac key' };

describe('validateChannelForm', () => {
  it('turns a new channel into the API input, its secret only when given', () => {
    expect(validateChannelForm(webhook, false)).toEqual({
      ok: true,
      input: { name: 'On-call', kind: 'WEBHOOK', target: 'https://hooks.example.org/bangui', secret: 'hmac key', enabled: true },
    });
    expect(validateChannelForm({ ...webhook, secret: '' }, false)).toMatchObject({ ok: true, input: { secret: null } });
  });

  it('keeps, replaces or removes the stored secret of a channel being edited', () => {
    const stored = channelToForm({ name: 'On-call', kind: 'NTFY', target: 'https://ntfy.sh/ops', enabled: false });
    expect(stored).toEqual({ ...EMPTY_CHANNEL_FORM, name: 'On-call', kind: 'NTFY', target: 'https://ntfy.sh/ops', enabled: false });
    expect(validateChannelForm(stored, true)).toMatchObject({ ok: true, input: { secret: null, enabled: false } });
    expect(validateChannelForm({ ...stored, secret: 'tk_new' }, true)).toMatchObject({ ok: true, input: { secret: 'tk_new' } });
    expect(validateChannelForm({ ...stored, removeSecret: true }, true)).toMatchObject({ ok: true, input: { secret: '' } });
  });

  it('sends no secret for kinds without one', () => {
    expect(takesSecret('SLACK')).toBe(false);
    expect(takesSecret('GOTIFY')).toBe(true);
    expect(validateChannelForm({ ...webhook, kind: 'SLACK', removeSecret: true }, true)).toMatchObject({
      ok: true,
      input: { secret: null },
    });
  });

  it('reports each invalid field', () => {
    expect(validateChannelForm({ ...EMPTY_CHANNEL_FORM, target: 'ftp://example.org', secret: 'x'.repeat(1025) }, false)).toEqual({
      ok: false,
      errors: {
        name: 'A name of 1 to 100 characters.',
        target: 'An http:// or https:// address, like https://example.org/hooks/bangui.',
        secret: 'At most 1024 bytes.',
      },
    });
    expect(validateChannelForm({ ...webhook, kind: 'EMAIL', target: 'ops at example.org' }, false)).toEqual({
      ok: false,
      errors: { target: 'An e-mail address, like ops@example.org.' },
    });
  });
});

const rule = {
  name: 'SSH bans',
  trigger: 'BAN' as const,
  channels: [{ id: '2' }, { id: '5' }],
  jails: ['sshd'],
  countries: ['CN', 'RU'],
  origins: ['FAIL2BAN' as const],
  hosts: [],
  threshold: null,
  windowMinutes: null,
  period: null,
  enabled: true,
};

describe('validateRuleForm', () => {
  it('turns the form into the API input', () => {
    expect(validateRuleForm({ ...ruleToForm(rule), name: ' SSH bans ', countries: 'cn; ru,  CN ' })).toEqual({
      ok: true,
      input: {
        name: 'SSH bans',
        trigger: 'BAN',
        channelIds: ['2', '5'],
        jails: ['sshd'],
        countries: ['CN', 'RU'],
        origins: ['FAIL2BAN'],
        hosts: [],
        threshold: null,
        windowMinutes: null,
        period: null,
        enabled: true,
      },
    });
  });

  it('sends a burst window and a digest period only with their triggers', () => {
    const form = { ...EMPTY_RULE_FORM, name: 'Bursts', channelIds: ['1'], threshold: '10', windowMinutes: '5', period: 'DAILY' as const };
    expect(validateRuleForm({ ...form, trigger: 'BURST' })).toMatchObject({
      ok: true,
      input: { threshold: 10, windowMinutes: 5, period: null },
    });
    expect(validateRuleForm({ ...form, trigger: 'DIGEST' })).toMatchObject({
      ok: true,
      input: { threshold: null, windowMinutes: null, period: 'DAILY' },
    });
    expect(validateRuleForm({ ...form, trigger: 'UNBAN' })).toMatchObject({ ok: true, input: { threshold: null, period: null } });
  });

  it('reports each invalid field', () => {
    expect(validateRuleForm({ ...EMPTY_RULE_FORM, trigger: 'BURST', countries: 'DE, GER', threshold: '0' })).toEqual({
      ok: false,
      errors: {
        name: 'A name of 1 to 100 characters.',
        channelIds: 'Choose at least one channel.',
        countries: 'Not a two-letter country code: GER.',
        threshold: 'A whole number of bans, at least 1.',
        windowMinutes: 'A whole number of minutes, at least 1.',
      },
    });
    expect(validateRuleForm({ ...EMPTY_RULE_FORM, name: 'Daily', channelIds: ['1'], trigger: 'DIGEST' })).toEqual({
      ok: false,
      errors: { period: 'Choose how often the digest is sent.' },
    });
  });

  it('parses country lists and toggles choices', () => {
    expect(parseCountries(' fr,de  fr ;x1 ')).toEqual({ codes: ['FR', 'DE'], bad: ['X1'] });
    expect(toggled(['a', 'b'], 'c', true)).toEqual(['a', 'b', 'c']);
    expect(toggled(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(toggled(['a', 'b'], 'a', true)).toEqual(['b', 'a']);
  });
});

describe('describeRule', () => {
  it('names the filters compactly, or every event', () => {
    expect(describeRule(rule)).toEqual(['jails: sshd', 'countries: CN, RU', 'origins: fail2ban']);
    expect(describeRule({ ...rule, jails: [], countries: [], origins: [], hosts: ['web-1', 'web-2', 'web-3', 'db-1'] })).toEqual([
      'hosts: web-1, web-2, web-3 and 1 more',
    ]);
    expect(describeRule({ ...rule, trigger: 'BURST', jails: [], countries: [], origins: [], threshold: 10, windowMinutes: 90 })).toEqual([
      '10 bans within 1 h 30 min',
    ]);
    expect(describeRule({ ...rule, trigger: 'UNBAN', jails: [], countries: [], origins: [] })).toEqual(['every event']);
  });
});

describe('advanceTests', () => {
  const delivery = (id: string, status: 'PENDING' | 'RETRYING' | 'DELIVERED' | 'FAILED') => ({
    id,
    status,
    attempts: status === 'PENDING' ? 0 : 1,
    error: status === 'FAILED' ? 'HTTP 500' : null,
    createdAt: '2026-12-04T10:00:00Z',
    deliveredAt: status === 'DELIVERED' ? '2026-12-04T10:00:01Z' : null,
  });
  const test = (channelId: string, id: string, polls = 0): TestDelivery => ({
    channelId,
    channelName: `channel ${channelId}`,
    delivery: delivery(id, 'PENDING'),
    polls,
  });

  it('takes each followed delivery as read and names those that settled', () => {
    const { tests, finished } = advanceTests([test('1', '10'), test('2', '11')], [delivery('11', 'DELIVERED'), delivery('9', 'FAILED')]);
    expect(tests.map((t) => [t.delivery.status, t.polls])).toEqual([
      ['PENDING', 1],
      ['DELIVERED', 1],
    ]);
    expect(finished.map((t) => t.channelId)).toEqual(['2']);
    expect(advanceTests(tests, [delivery('11', 'FAILED')]).tests[1]?.delivery.status).toBe('DELIVERED');
  });

  it('stops following a test after the last read', () => {
    const last = test('1', '10', TEST_MAX_POLLS - 1);
    expect(isFollowed(last)).toBe(true);
    const { tests, finished } = advanceTests([last], [delivery('10', 'RETRYING')]);
    expect(finished).toEqual(tests);
    expect(tests[0]).toMatchObject({ polls: TEST_MAX_POLLS, delivery: { status: 'RETRYING' } });
    expect(isFollowed(tests[0]!)).toBe(false);
  });
});
