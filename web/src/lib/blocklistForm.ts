// The blocklist source form: its text values, their checks and the API input they become.
import type { BlocklistSourceInput } from '../gql/graphql';
import { isHttpUrl, isIpOrCidr, isJailName, nonBlankLines, parseWhole } from './validation';

/** Shortest and longest schedule the server accepts, in minutes. */
export const INTERVAL_MINUTES = { min: 5, max: 527_040 } as const;
const MAX_NAME = 100;
const MAX_URL = 2_048;
const MAX_ALLOWLIST = 1_000;
/** How many bad allowlist lines a message names. */
const NAMED_LINES = 3;

export interface SourceForm {
  name: string;
  url: string;
  jail: string;
  enabled: boolean;
  intervalMinutes: string;
  /** One address or network per line. */
  allowlist: string;
  unbanRemoved: boolean;
}

export type SourceFormErrors = Partial<Record<'name' | 'url' | 'jail' | 'intervalMinutes' | 'allowlist', string>>;

export const EMPTY_SOURCE_FORM: SourceForm = {
  name: '',
  url: '',
  jail: '',
  enabled: true,
  intervalMinutes: '1440',
  allowlist: '',
  unbanRemoved: false,
};

/** The form filled with a stored source, for editing. */
export function sourceToForm(source: {
  name: string;
  url: string;
  jail: string;
  enabled: boolean;
  intervalMinutes: number;
  allowlist: readonly string[];
  unbanRemoved: boolean;
}): SourceForm {
  return {
    name: source.name,
    url: source.url,
    jail: source.jail,
    enabled: source.enabled,
    intervalMinutes: `${source.intervalMinutes}`,
    allowlist: source.allowlist.join('\n'),
    unbanRemoved: source.unbanRemoved,
  };
}

function allowlistError(lines: ReadonlyArray<{ line: number; text: string }>): string | undefined {
  if (lines.length > MAX_ALLOWLIST) return `At most ${MAX_ALLOWLIST} entries.`;
  const bad = lines.filter((entry) => !isIpOrCidr(entry.text));
  if (bad.length === 0) return undefined;
  const named = bad
    .slice(0, NAMED_LINES)
    .map((entry) => `line ${entry.line} (${entry.text})`)
    .join(', ');
  const more = bad.length > NAMED_LINES ? ` and ${bad.length - NAMED_LINES} more` : '';
  return `Not an IP address or CIDR network: ${named}${more}.`;
}

/** The API input for the form, or the message of each invalid field. */
export function validateSourceForm(form: SourceForm): { ok: true; input: BlocklistSourceInput } | { ok: false; errors: SourceFormErrors } {
  const errors: SourceFormErrors = {};
  const name = form.name.trim();
  const url = form.url.trim();
  const jail = form.jail.trim();
  const interval = parseWhole(form.intervalMinutes);
  const lines = nonBlankLines(form.allowlist);

  if (name === '' || [...name].length > MAX_NAME) errors.name = `A name of 1 to ${MAX_NAME} characters.`;
  if (!isHttpUrl(url) || url.length > MAX_URL) errors.url = 'An http:// or https:// address, like https://example.org/list.txt.';
  if (!isJailName(jail)) errors.jail = 'A jail name: letters, digits, - _ . or @.';
  if (interval === null || interval < INTERVAL_MINUTES.min || interval > INTERVAL_MINUTES.max) {
    errors.intervalMinutes = `A whole number of minutes from ${INTERVAL_MINUTES.min} to ${INTERVAL_MINUTES.max}.`;
  }
  const allowlist = allowlistError(lines);
  if (allowlist) errors.allowlist = allowlist;

  if (interval === null || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name,
      url,
      jail,
      enabled: form.enabled,
      intervalMinutes: interval,
      allowlist: lines.map((entry) => entry.text),
      unbanRemoved: form.unbanRemoved,
    },
  };
}
