// The notification channel form: its values, their checks and the API input they become.
import type { ChannelKind, NotificationChannelInput } from '../gql/graphql';
import { isHttpUrl } from './validation';

const MAX_NAME = 100;
const MAX_TARGET = 2_048;
const MAX_SECRET = 1_024;

/** The kinds in the order the form offers them. */
export const CHANNEL_KINDS: readonly ChannelKind[] = ['WEBHOOK', 'SLACK', 'DISCORD', 'NTFY', 'GOTIFY', 'EMAIL'];

export const KIND_LABELS: Readonly<Record<ChannelKind, string>> = {
  WEBHOOK: 'Webhook',
  SLACK: 'Slack',
  DISCORD: 'Discord',
  NTFY: 'ntfy',
  GOTIFY: 'Gotify',
  EMAIL: 'E-mail',
};

/** What the secret of each kind that has one is, for the form's hint. */
export const SECRET_HINTS: Readonly<Partial<Record<ChannelKind, string>>> = {
  WEBHOOK: 'The key each body is signed with (HMAC-SHA256, in the X-BanGUI-Signature header).',
  NTFY: "The topic's access token.",
  GOTIFY: "The application's token.",
};

/** An example target of each kind. */
export const TARGET_PLACEHOLDERS: Readonly<Record<ChannelKind, string>> = {
  WEBHOOK: 'https://example.org/hooks/bangui',
  SLACK: 'https://hooks.slack.com/services/…',
  DISCORD: 'https://discord.com/api/webhooks/…',
  NTFY: 'https://ntfy.sh/my-topic',
  GOTIFY: 'https://gotify.example.org',
  EMAIL: 'ops@example.org',
};

/** Whether a channel of `kind` uses a secret: a webhook's HMAC key, an ntfy or Gotify token. */
export function takesSecret(kind: ChannelKind): boolean {
  return SECRET_HINTS[kind] !== undefined;
}

export interface ChannelForm {
  name: string;
  kind: ChannelKind;
  target: string;
  /** A new secret; empty keeps the stored one when editing. */
  secret: string;
  /** Editing: remove the stored secret. */
  removeSecret: boolean;
  enabled: boolean;
}

export type ChannelFormErrors = Partial<Record<'name' | 'target' | 'secret', string>>;

export const EMPTY_CHANNEL_FORM: ChannelForm = { name: '', kind: 'WEBHOOK', target: '', secret: '', removeSecret: false, enabled: true };

/** The form filled with a stored channel, for editing: its secret is never known, so the field is empty. */
export function channelToForm(channel: { name: string; kind: ChannelKind; target: string; enabled: boolean }): ChannelForm {
  return { ...EMPTY_CHANNEL_FORM, name: channel.name, kind: channel.kind, target: channel.target, enabled: channel.enabled };
}

/** The secret to send: a new one, "" to remove the stored one, or null to keep it (or to have none). */
function secretOf(form: ChannelForm, editing: boolean): string | null {
  if (!takesSecret(form.kind)) return null;
  if (editing && form.removeSecret) return '';
  return form.secret === '' ? null : form.secret;
}

/** The API input for the form, or the message of each invalid field; `editing` when the channel exists. */
export function validateChannelForm(
  form: ChannelForm,
  editing: boolean,
): { ok: true; input: NotificationChannelInput } | { ok: false; errors: ChannelFormErrors } {
  const errors: ChannelFormErrors = {};
  const name = form.name.trim();
  const target = form.target.trim();
  if (name === '' || [...name].length > MAX_NAME) errors.name = `A name of 1 to ${MAX_NAME} characters.`;
  if (form.kind === 'EMAIL') {
    if (!/^[^\s@]+@[^\s@]+$/.test(target) || target.length > MAX_TARGET) errors.target = 'An e-mail address, like ops@example.org.';
  } else if (!isHttpUrl(target) || target.length > MAX_TARGET) {
    errors.target = `An http:// or https:// address, like ${TARGET_PLACEHOLDERS[form.kind]}.`;
  }
  if (new TextEncoder().encode(form.secret).length > MAX_SECRET) errors.secret = `At most ${MAX_SECRET} bytes.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: { name, kind: form.kind, target, secret: secretOf(form, editing), enabled: form.enabled } };
}
