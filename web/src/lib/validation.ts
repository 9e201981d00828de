// Validates form input before it is sent: addresses, networks, URLs, names and jail settings.
import { PERMANENT, parseDuration } from './duration';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isIpv6(value: string): boolean {
  if (!value.includes(':') || /[^0-9a-fA-F:.]/.test(value)) return false;
  try {
    new URL(`http://[${value}]/`);
    return true;
  } catch {
    return false;
  }
}

/** Whether `value` is a single IPv4 or IPv6 address. */
export function isIp(value: string): boolean {
  const v = value.trim();
  return IPV4.test(v) || isIpv6(v);
}

/** Whether `value` is an address or a CIDR network (`10.0.0.0/8`, `2001:db8::/32`). */
export function isIpOrCidr(value: string): boolean {
  const v = value.trim();
  const slash = v.indexOf('/');
  if (slash < 0) return isIp(v);
  const address = v.slice(0, slash);
  const prefix = v.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  if (IPV4.test(address)) return bits <= 32;
  return isIpv6(address) && bits <= 128;
}

export interface JailSettingsForm {
  banTime: string;
  findTime: string;
  maxRetry: string;
}

export interface JailSettingsValues {
  banTime: number;
  findTime: number;
  maxRetry: number;
}

export type JailSettingsErrors = Partial<Record<keyof JailSettingsForm, string>>;

/** Whether `value` is an absolute http or https URL with a host. */
export function isHttpUrl(value: string): boolean {
  const v = value.trim();
  if (!/^https?:\/\//i.test(v)) return false;
  try {
    const url = new URL(v);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Whether `value` is a jail name as fail2ban accepts it: 1 to 64 letters, digits or `- _ . @`. */
export function isJailName(value: string): boolean {
  return /^[A-Za-z0-9_.@-]{1,64}$/.test(value);
}

/** The non-blank lines of a text box, trimmed, with their line numbers (from 1). */
export function nonBlankLines(text: string): Array<{ line: number; text: string }> {
  return text
    .split(/\r?\n/)
    .map((raw, index) => ({ line: index + 1, text: raw.trim() }))
    .filter((entry) => entry.text !== '');
}

/** A whole number written in `value`, or null when it is not one or is beyond a 32-bit integer. */
export function parseWhole(value: string): number | null {
  const v = value.trim();
  if (!/^-?\d+$/.test(v)) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) && n <= 2147483647 ? n : null;
}

/** The message for a ban time that is no duration of at least 1 s, nor permanent. */
export const BAN_TIME_ERROR = 'A duration such as 10m, 1h, 7d or 1w (at least 1s), or -1 for permanent.';
/** The message for a find time that is no duration of at least 1 s. */
export const FIND_TIME_ERROR = 'A duration such as 10m or 1h, at least 1s.';
/** The message for a max retry that is no whole number of at least 1. */
export const MAX_RETRY_ERROR = 'A whole number, at least 1.';

/** A ban time typed as a duration (`10m`, `1h`, `7d`, `1w`, seconds) or `-1`/`permanent`; null when invalid. */
export function parseBanTime(text: string): number | null {
  const seconds = parseDuration(text);
  return seconds !== null && (seconds >= 1 || seconds === PERMANENT) ? seconds : null;
}

/** A find time typed as a duration of at least 1 s; null when invalid. */
export function parseFindTime(text: string): number | null {
  const seconds = parseDuration(text);
  return seconds !== null && seconds >= 1 ? seconds : null;
}

/** A max retry: a whole number of at least 1; null when invalid. */
export function parseMaxRetry(text: string): number | null {
  const value = parseWhole(text);
  return value !== null && value >= 1 ? value : null;
}

/** The settings as numbers, or the message of each invalid field. */
export function validateJailSettings(
  form: JailSettingsForm,
): { ok: true; values: JailSettingsValues } | { ok: false; errors: JailSettingsErrors } {
  const errors: JailSettingsErrors = {};
  const banTime = parseBanTime(form.banTime);
  const findTime = parseFindTime(form.findTime);
  const maxRetry = parseMaxRetry(form.maxRetry);
  if (banTime === null) errors.banTime = BAN_TIME_ERROR;
  if (findTime === null) errors.findTime = FIND_TIME_ERROR;
  if (maxRetry === null) errors.maxRetry = MAX_RETRY_ERROR;
  if (banTime === null || findTime === null || maxRetry === null) return { ok: false, errors };
  return { ok: true, values: { banTime, findTime, maxRetry } };
}

/** Only the settings that differ from `current`, for `updateJail`. */
export function changedSettings(current: JailSettingsValues, next: JailSettingsValues): Partial<JailSettingsValues> {
  const changed: Partial<JailSettingsValues> = {};
  if (next.banTime !== current.banTime) changed.banTime = next.banTime;
  if (next.findTime !== current.findTime) changed.findTime = next.findTime;
  if (next.maxRetry !== current.maxRetry) changed.maxRetry = next.maxRetry;
  return changed;
}
