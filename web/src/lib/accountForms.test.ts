// Tests of the new user, password change and new token checks.
import { describe, expect, it } from 'vitest';
import { validateNewToken, validateNewUser, validatePasswordChange } from './accountForms';

describe('validateNewUser', () => {
  it('returns the createUser arguments', () => {
    expect(validateNewUser({ username: ' grace ', password: 'correct horse', repeat: 'correct horse', role: 'OPERATOR' })).toEqual({
      ok: true,
      values: { username: 'grace', password: 'correct horse', role: 'OPERATOR' },
    });
  });
  it('reports a bad username, a short password and a mismatch', () => {
    expect(validateNewUser({ username: 'grace hopper', password: 'short', repeat: 'shorter', role: 'VIEWER' })).toEqual({
      ok: false,
      errors: {
        username: '1 to 64 letters, digits or . _ @ -',
        password: 'At least 12 characters.',
        repeat: 'The passwords do not match.',
      },
    });
  });
});

describe('validatePasswordChange', () => {
  it('returns the changePassword arguments', () => {
    expect(validatePasswordChange({ current: 'old password 1', next: 'new password 22', repeat: 'new password 22' })).toEqual({
      ok: true,
      values: { currentPassword: 'old password 1', newPassword: 'new password 22' },
    });
  });
  it('asks for the current password and a different, long enough new one', () => {
    expect(validatePasswordChange({ current: '', next: 'short', repeat: 'short' })).toEqual({
      ok: false,
      errors: { current: 'Enter your current password.', next: 'At least 12 characters.' },
    });
    expect(validatePasswordChange({ current: 'same password', next: 'same password', repeat: 'same passwordX' })).toEqual({
      ok: false,
      errors: { next: 'Choose a password different from the current one.', repeat: 'The passwords do not match.' },
    });
  });
});

describe('validateNewToken', () => {
  const now = new Date('2024-05-01T12:00:00Z');
  it('turns a choice of days into an expiry from now', () => {
    expect(validateNewToken({ name: ' grafana ', role: 'VIEWER', expiry: '30', expiresAt: '' }, now)).toEqual({
      ok: true,
      values: { name: 'grafana', role: 'VIEWER', expiresAt: '2024-05-31T12:00:00.000Z' },
    });
  });
  it('sends no expiry for a token that never expires', () => {
    expect(validateNewToken({ name: 'ci', role: 'OPERATOR', expiry: 'never', expiresAt: '' }, now)).toEqual({
      ok: true,
      values: { name: 'ci', role: 'OPERATOR', expiresAt: null },
    });
  });
  it('takes a chosen moment in the future only', () => {
    const later = new Date('2024-06-01T08:30:00Z');
    const local = new Date(later.getTime() - later.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    expect(validateNewToken({ name: 'ci', role: 'ADMIN', expiry: 'custom', expiresAt: local }, now)).toEqual({
      ok: true,
      values: { name: 'ci', role: 'ADMIN', expiresAt: '2024-06-01T08:30:00.000Z' },
    });
    expect(validateNewToken({ name: 'ci', role: 'ADMIN', expiry: 'custom', expiresAt: '2024-04-01T08:30' }, now)).toEqual({
      ok: false,
      errors: { expiresAt: 'Choose a time in the future.' },
    });
    expect(validateNewToken({ name: '', role: 'ADMIN', expiry: 'custom', expiresAt: '' }, now)).toEqual({
      ok: false,
      errors: { name: 'A name of 1 to 100 characters.', expiresAt: 'Choose a date and time.' },
    });
  });
});
