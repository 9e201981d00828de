// Reads the form that creates a jail, and what its live filter test runs on.
import type { FilterTestInput, JailInput } from '../gql/graphql';
import { BAN_TIME_ERROR, FIND_TIME_ERROR, MAX_RETRY_ERROR, parseBanTime, parseFindTime, parseMaxRetry } from './validation';

export interface NewJailForm {
  name: string;
  filter: string;
  /** One log file (or glob) a line. */
  logPaths: string;
  port: string;
  /** Empty fields take fail2ban's defaults. */
  banTime: string;
  findTime: string;
  maxRetry: string;
  enabled: boolean;
}

export type NewJailErrors = Partial<Record<Exclude<keyof NewJailForm, 'enabled'>, string>>;

export const EMPTY_NEW_JAIL: NewJailForm = {
  name: '',
  filter: '',
  logPaths: '',
  port: '',
  banTime: '',
  findTime: '',
  maxRetry: '',
  enabled: true,
};

/** The non-blank lines of a text box, trimmed. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The lines of a box of sample log lines, as pasted (only a trailing carriage return dropped), without blank ones. */
export function sampleLinesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '');
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const PORT = /^[A-Za-z0-9_.:-]+( *, *[A-Za-z0-9_.:-]+)*$/;

/** The jail to create, or the message of each invalid field. */
export function validateNewJail(form: NewJailForm): { ok: true; input: JailInput } | { ok: false; errors: NewJailErrors } {
  const errors: NewJailErrors = {};
  const name = form.name.trim();
  const filter = form.filter.trim();
  const logPaths = linesOf(form.logPaths);
  const port = form.port.trim();
  if (!NAME.test(name)) errors.name = 'Letters, digits, - and _ (at most 64).';
  if (filter === '') errors.filter = 'Choose one of the installed filters.';
  if (logPaths.length === 0) errors.logPaths = 'At least one log file.';
  else if (logPaths.some((path) => !path.startsWith('/'))) errors.logPaths = 'Each log file as an absolute path, one a line.';
  if (port !== '' && !PORT.test(port)) errors.port = 'Ports or service names, comma-separated: ssh or 80,443.';

  const optional = <T>(text: string, parse: (t: string) => T | null, key: keyof NewJailErrors, message: string): T | null => {
    if (text.trim() === '') return null;
    const value = parse(text);
    if (value === null) errors[key] = message;
    return value;
  };
  const banTime = optional(form.banTime, parseBanTime, 'banTime', BAN_TIME_ERROR);
  const findTime = optional(form.findTime, parseFindTime, 'findTime', FIND_TIME_ERROR);
  const maxRetry = optional(form.maxRetry, parseMaxRetry, 'maxRetry', MAX_RETRY_ERROR);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const input: JailInput = { name, filter, logPaths, enabled: form.enabled };
  if (port !== '') input.port = port;
  if (banTime !== null) input.banTime = banTime;
  if (findTime !== null) input.findTime = findTime;
  if (maxRetry !== null) input.maxRetry = maxRetry;
  return { ok: true, input };
}

export interface JailLogs {
  name: string;
  logPaths: readonly string[];
}

/** What a filter test runs on, or why none can run yet. */
export type FilterTestPlan = { input: FilterTestInput; source: string } | { input: null; reason: string };

/**
 * Tests `filter` on the pasted sample lines when there are any, else on the log of an existing
 * jail that watches one of the given log files (the API reads only the logs of jails).
 */
export function planFilterTest(filter: string, samples: string, logPaths: string, jails: readonly JailLogs[]): FilterTestPlan {
  if (filter.trim() === '') return { input: null, reason: 'Choose a filter to test it.' };
  const lines = sampleLinesOf(samples);
  if (lines.length > 0) return { input: { filter: filter.trim(), lines }, source: 'the sample lines' };
  const paths = linesOf(logPaths);
  const jail = jails.find((j) => j.logPaths.some((path) => paths.includes(path)));
  if (jail) return { input: { filter: filter.trim(), jail: jail.name }, source: `the log of the jail ${jail.name}` };
  return {
    input: null,
    reason: 'Paste sample lines, or give a log file an existing jail watches, to test the filter.',
  };
}
