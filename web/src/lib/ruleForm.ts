// The notification rule form: its values, their checks and the API input they become.
import type { BanOrigin, DigestPeriod, NotificationRuleInput, NotificationTrigger } from '../gql/graphql';
import { parseWhole } from './validation';
import { plural, summarizeList } from './format';
import { formatDuration } from './duration';

const MAX_NAME = 100;

/** The triggers a rule may have, in the order the form offers them (TEST is the test button's). */
export const RULE_TRIGGERS: readonly NotificationTrigger[] = [
  'BAN',
  'UNBAN',
  'BURST',
  'FAIL2BAN_DOWN',
  'FAIL2BAN_UP',
  'IMPORT_FAILED',
  'DIGEST',
];

export const DIGEST_PERIODS: readonly DigestPeriod[] = ['HOURLY', 'DAILY', 'WEEKLY'];

export interface RuleForm {
  name: string;
  trigger: NotificationTrigger;
  channelIds: readonly string[];
  jails: readonly string[];
  /** Two-letter country codes separated by commas or spaces. */
  countries: string;
  origins: readonly BanOrigin[];
  hosts: readonly string[];
  /** BURST only. */
  threshold: string;
  /** BURST only. */
  windowMinutes: string;
  /** DIGEST only. */
  period: DigestPeriod | '';
  enabled: boolean;
}

export type RuleFormErrors = Partial<Record<'name' | 'channelIds' | 'countries' | 'threshold' | 'windowMinutes' | 'period', string>>;

export const EMPTY_RULE_FORM: RuleForm = {
  name: '',
  trigger: 'BAN',
  channelIds: [],
  jails: [],
  countries: '',
  origins: [],
  hosts: [],
  threshold: '',
  windowMinutes: '',
  period: '',
  enabled: true,
};

/** The form filled with a stored rule, for editing. */
export function ruleToForm(rule: {
  name: string;
  trigger: NotificationTrigger;
  channels: ReadonlyArray<{ id: string }>;
  jails: readonly string[];
  countries: readonly string[];
  origins: readonly BanOrigin[];
  hosts: readonly string[];
  threshold?: number | null;
  windowMinutes?: number | null;
  period?: DigestPeriod | null;
  enabled: boolean;
}): RuleForm {
  return {
    name: rule.name,
    trigger: rule.trigger,
    channelIds: rule.channels.map((channel) => channel.id),
    jails: [...rule.jails],
    countries: rule.countries.join(', '),
    origins: [...rule.origins],
    hosts: [...rule.hosts],
    threshold: rule.threshold == null ? '' : `${rule.threshold}`,
    windowMinutes: rule.windowMinutes == null ? '' : `${rule.windowMinutes}`,
    period: rule.period ?? '',
    enabled: rule.enabled,
  };
}

/** `list` with `value` added at its end or taken out. */
export function toggled<T>(list: readonly T[], value: T, chosen: boolean): T[] {
  const rest = list.filter((item) => item !== value);
  return chosen ? [...rest, value] : rest;
}

/** The country codes typed, upper-cased, each once; `bad` holds those that are no two letters. */
export function parseCountries(text: string): { codes: string[]; bad: string[] } {
  const entries = text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim().toUpperCase())
    .filter((entry) => entry !== '');
  const unique = [...new Set(entries)];
  return { codes: unique.filter((code) => /^[A-Z]{2}$/.test(code)), bad: unique.filter((code) => !/^[A-Z]{2}$/.test(code)) };
}

/** A whole number of at least 1 typed in `text`, or null. */
function positive(text: string): number | null {
  const value = parseWhole(text);
  return value !== null && value >= 1 ? value : null;
}

/** The API input for the form, or the message of each invalid field. */
export function validateRuleForm(form: RuleForm): { ok: true; input: NotificationRuleInput } | { ok: false; errors: RuleFormErrors } {
  const errors: RuleFormErrors = {};
  const name = form.name.trim();
  const countries = parseCountries(form.countries);
  const burst = form.trigger === 'BURST';
  const threshold = burst ? positive(form.threshold) : null;
  const windowMinutes = burst ? positive(form.windowMinutes) : null;
  const period = form.trigger === 'DIGEST' && form.period !== '' ? form.period : null;

  if (name === '' || [...name].length > MAX_NAME) errors.name = `A name of 1 to ${MAX_NAME} characters.`;
  if (form.channelIds.length === 0) errors.channelIds = 'Choose at least one channel.';
  if (countries.bad.length > 0) errors.countries = `Not a two-letter country code: ${countries.bad.join(', ')}.`;
  if (burst && threshold === null) errors.threshold = 'A whole number of bans, at least 1.';
  if (burst && windowMinutes === null) errors.windowMinutes = 'A whole number of minutes, at least 1.';
  if (form.trigger === 'DIGEST' && period === null) errors.period = 'Choose how often the digest is sent.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name,
      trigger: form.trigger,
      channelIds: [...form.channelIds],
      jails: [...form.jails],
      countries: countries.codes,
      origins: [...form.origins],
      hosts: [...form.hosts],
      threshold,
      windowMinutes,
      period,
      enabled: form.enabled,
    },
  };
}

/**
 * A rule's filters and settings, compactly, one line each: `jails: sshd, recidive`,
 * `countries: CN, RU`, `10 bans within 5 min`, `hourly`; `every event` when it has none.
 */
export function describeRule(rule: {
  trigger: NotificationTrigger;
  jails: readonly string[];
  countries: readonly string[];
  origins: readonly BanOrigin[];
  hosts: readonly string[];
  threshold?: number | null;
  windowMinutes?: number | null;
  period?: DigestPeriod | null;
}): string[] {
  const lines: string[] = [];
  if (rule.jails.length > 0) lines.push(`jails: ${summarizeList(rule.jails)}`);
  if (rule.countries.length > 0) lines.push(`countries: ${summarizeList(rule.countries)}`);
  if (rule.origins.length > 0) lines.push(`origins: ${rule.origins.map((origin) => origin.toLowerCase()).join(', ')}`);
  if (rule.hosts.length > 0) lines.push(`hosts: ${summarizeList(rule.hosts)}`);
  if (rule.trigger === 'BURST' && rule.threshold != null && rule.windowMinutes != null) {
    lines.push(`${plural(rule.threshold, 'ban')} within ${formatDuration(rule.windowMinutes * 60)}`);
  }
  if (rule.trigger === 'DIGEST' && rule.period) lines.push(rule.period.toLowerCase());
  return lines.length > 0 ? lines : ['every event'];
}
