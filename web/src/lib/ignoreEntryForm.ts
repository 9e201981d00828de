// Reads the form that adds an entry to a jail's ignore list or to the allowlist.
import { parseDuration } from './duration';
import { isIpOrCidr } from './validation';

export interface IgnoreEntryForm {
  ip: string;
  comment: string;
  /** How long until BanGUI removes it, as a duration (`7d`); empty for never. */
  expiresIn: string;
}

export interface IgnoreEntryValues {
  ip: string;
  comment: string | null;
  expiresAt: string | null;
}

export type IgnoreEntryErrors = Partial<Record<keyof IgnoreEntryForm, string>>;

export const EMPTY_IGNORE_ENTRY: IgnoreEntryForm = { ip: '', comment: '', expiresIn: '' };

/** The longest comment kept. */
export const MAX_COMMENT = 200;

/** The entry to send, its expiry counted from `now`, or the message of each invalid field. */
export function validateIgnoreEntry(
  form: IgnoreEntryForm,
  now: Date,
): { ok: true; values: IgnoreEntryValues } | { ok: false; errors: IgnoreEntryErrors } {
  const errors: IgnoreEntryErrors = {};
  const ip = form.ip.trim();
  const comment = form.comment.trim();
  const expiresIn = form.expiresIn.trim();
  if (!isIpOrCidr(ip)) errors.ip = 'An IP address or a CIDR network, like 192.168.0.0/16.';
  if (comment.length > MAX_COMMENT) errors.comment = `At most ${MAX_COMMENT} characters.`;
  const seconds = expiresIn === '' ? null : parseDuration(expiresIn);
  if (expiresIn !== '' && (seconds === null || seconds < 60)) {
    errors.expiresIn = 'A duration such as 1h, 7d or 1w (at least 1m); empty for never.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    values: {
      ip,
      comment: comment === '' ? null : comment,
      expiresAt: seconds === null ? null : new Date(now.getTime() + seconds * 1000).toISOString(),
    },
  };
}
