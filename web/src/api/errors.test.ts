// Tests that API errors give their code and a message for people.
import { describe, expect, it } from 'vitest';
import { CombinedError } from 'urql';
import { ERROR_CODES } from './errorCodes';
import { errorCode, errorMessage, isErrorCode } from './errors';

describe('errorCode', () => {
  it('gives the code the server sent', () => {
    expect(errorCode({ extensions: { code: 'UNAUTHENTICATED' } })).toBe('UNAUTHENTICATED');
    expect(errorCode({ extensions: { code: 'FORBIDDEN', detail: 'x' } })).toBe('FORBIDDEN');
    expect(errorCode({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })).toBe('GRAPHQL_VALIDATION_FAILED');
  });
  it('knows every code of the server', () => {
    expect(ERROR_CODES.map((code) => errorCode({ extensions: { code } }))).toEqual([...ERROR_CODES]);
  });
  it('gives nothing for a missing, unknown or non-string code', () => {
    expect(errorCode(undefined)).toBeUndefined();
    expect(errorCode(null)).toBeUndefined();
    expect(errorCode({})).toBeUndefined();
    expect(errorCode({ extensions: null })).toBeUndefined();
    expect(errorCode({ extensions: {} })).toBeUndefined();
    expect(errorCode({ extensions: { code: 'unauthenticated' } })).toBeUndefined();
    expect(errorCode({ extensions: { code: 'NOT_A_CODE' } })).toBeUndefined();
    expect(errorCode({ extensions: { code: '' } })).toBeUndefined();
    expect(errorCode({ extensions: { code: 401 } })).toBeUndefined();
    expect(errorCode({ extensions: { code: 'toString' } })).toBeUndefined();
  });
  it('reads the errors of a urql answer', () => {
    const error = new CombinedError({ graphQLErrors: [{ message: 'no', extensions: { code: 'RATE_LIMITED' } }] });
    expect(errorCode(error.graphQLErrors[0])).toBe('RATE_LIMITED');
  });
});

describe('isErrorCode', () => {
  it('accepts only the server codes', () => {
    expect(isErrorCode('CONFLICT')).toBe(true);
    expect(isErrorCode('conflict')).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
  });
});

describe('errorMessage', () => {
  const failing = (message: string, code?: unknown) =>
    new CombinedError({ graphQLErrors: [{ message, extensions: code === undefined ? {} : { code } }] });

  it('says the known codes in words', () => {
    expect(errorMessage(failing('sign in', 'UNAUTHENTICATED'))).toBe('Your session has ended. Please sign in again.');
    expect(errorMessage(failing('no', 'FORBIDDEN'))).toBe('Your role does not allow this.');
    expect(errorMessage(failing('down', 'FAIL2BAN_UNAVAILABLE'))).toBe('fail2ban is not reachable right now.');
    expect(errorMessage(failing('slow down', 'RATE_LIMITED'))).toBe('Too many attempts. Please wait a moment and try again.');
    expect(errorMessage(failing('host "alpha" is not connected', 'HOST_UNAVAILABLE'))).toBe(
      "The host's agent is not connected, so its fail2ban cannot be reached right now.",
    );
    expect(errorMessage(failing('busy', 'DATABASE_BUSY'))).toBe('The database is busy. Please try again.');
    expect(errorMessage(failing('boom', 'INTERNAL_SERVER_ERROR'))).toBe('The server failed to do this.');
  });
  it("shows the server's text for input, not-found, conflict, validation and unknown errors", () => {
    expect(errorMessage(failing('expiresAt must be in the future', 'BAD_USER_INPUT'))).toBe('expiresAt must be in the future');
    expect(errorMessage(failing('no ban 10', 'NOT_FOUND'))).toBe('no ban 10');
    expect(errorMessage(failing('a user named "vera" exists already', 'CONFLICT'))).toBe('a user named "vera" exists already');
    expect(errorMessage(failing('unknown field', 'GRAPHQL_VALIDATION_FAILED'))).toBe('unknown field');
    expect(errorMessage(failing('odd', 'SOMETHING_NEW'))).toBe('odd');
    expect(errorMessage(failing('bare'))).toBe('bare');
  });
  it('tells an unreachable server and no error apart', () => {
    expect(errorMessage(new CombinedError({ networkError: new Error('offline') }))).toBe('Cannot reach the BanGUI server.');
    expect(errorMessage(null)).toBe('');
    expect(errorMessage(undefined)).toBe('');
  });
});
