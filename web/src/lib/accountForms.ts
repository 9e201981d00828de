// Checks of the account forms (new user, password change, new API token) and token expiry choices.
import type { Role } from '../gql/graphql';

export const ROLES: readonly Role[] = ['VIEWER', 'OPERATOR', 'ADMIN'];

/** Shortest password the server accepts. */
export const MIN_PASSWORD = 12;
const MAX_TOKEN_NAME = 100;
const DAY_MS = 86_400_000;

function passwordError(password: string): string | undefined {
  return [...password].length < MIN_PASSWORD ? `At least ${MIN_PASSWORD} characters.` : undefined;
}

export interface NewUserForm {
  username: string;
  password: string;
  repeat: string;
  role: Role;
}

export type NewUserErrors = Partial<Record<'username' | 'password' | 'repeat', string>>;

/** The `createUser` arguments, or the message of each invalid field. */
export function validateNewUser(
  form: NewUserForm,
): { ok: true; values: { username: string; password: string; role: Role } } | { ok: false; errors: NewUserErrors } {
  const errors: NewUserErrors = {};
  const username = form.username.trim();
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(username)) errors.username = '1 to 64 letters, digits or . _ @ -';
  const weak = passwordError(form.password);
  if (weak) errors.password = weak;
  if (form.repeat !== form.password) errors.repeat = 'The passwords do not match.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, values: { username, password: form.password, role: form.role } };
}

export interface PasswordChangeForm {
  current: string;
  next: string;
  repeat: string;
}

export type PasswordChangeErrors = Partial<Record<keyof PasswordChangeForm, string>>;

/** The `changePassword` arguments, or the message of each invalid field. */
export function validatePasswordChange(
  form: PasswordChangeForm,
): { ok: true; values: { currentPassword: string; newPassword: string } } | { ok: false; errors: PasswordChangeErrors } {
  const errors: PasswordChangeErrors = {};
  if (form.current === '') errors.current = 'Enter your current password.';
  const weak = passwordError(form.next);
  if (weak) errors.next = weak;
  else if (form.next === form.current) errors.next = 'Choose a password different from the current one.';
  if (form.repeat !== form.next) errors.repeat = 'The passwords do not match.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, values: { currentPassword: form.current, newPassword: form.next } };
}

/** How long a new token lasts: never, a number of days, or until a chosen moment. */
export type TokenExpiry = 'never' | '7' | '30' | '90' | '365' | 'custom';

export const TOKEN_EXPIRY_CHOICES: ReadonlyArray<{ value: TokenExpiry; label: string }> = [
  { value: 'never', label: 'Never' },
  { value: '7', label: 'In 7 days' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In a year' },
  { value: 'custom', label: 'At a chosen time' },
];

export interface NewTokenForm {
  name: string;
  role: Role;
  expiry: TokenExpiry;
  /** A `datetime-local` value, in the browser's time zone; used when `expiry` is `custom`. */
  expiresAt: string;
}

export type NewTokenErrors = Partial<Record<'name' | 'expiresAt', string>>;

/** The `createApiToken` arguments at `now`, or the message of each invalid field. */
export function validateNewToken(
  form: NewTokenForm,
  now: Date,
): { ok: true; values: { name: string; role: Role; expiresAt: string | null } } | { ok: false; errors: NewTokenErrors } {
  const errors: NewTokenErrors = {};
  const name = form.name.trim();
  if (name === '' || name.length > MAX_TOKEN_NAME) errors.name = `A name of 1 to ${MAX_TOKEN_NAME} characters.`;
  let expiresAt: string | null = null;
  if (form.expiry === 'custom') {
    const at = form.expiresAt ? new Date(form.expiresAt) : null;
    if (!at || Number.isNaN(at.getTime())) errors.expiresAt = 'Choose a date and time.';
    else if (at.getTime() <= now.getTime()) errors.expiresAt = 'Choose a time in the future.';
    else expiresAt = at.toISOString();
  } else if (form.expiry !== 'never') {
    expiresAt = new Date(now.getTime() + Number(form.expiry) * DAY_MS).toISOString();
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, values: { name, role: form.role, expiresAt } };
}
