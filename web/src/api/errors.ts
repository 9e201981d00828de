// Turns API errors into short messages for people.
import type { CombinedError } from 'urql';
import { ERROR_CODES } from './errorCodes';
import type { ErrorCode } from './errorCodes';

/** A GraphQL error as far as its code goes: urql's errors and the errors of a raw answer both fit. */
export interface CodedError {
  extensions?: Readonly<Record<string, unknown>> | null;
}

/** The message for each of the server's codes; null shows the server's own text (input, not-found and conflict errors, and fail2ban's reason for refusing a configuration). */
const MESSAGES: Readonly<Record<ErrorCode, string | null>> = {
  UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
  FORBIDDEN: 'Your role does not allow this.',
  BAD_USER_INPUT: null,
  NOT_FOUND: null,
  CONFLICT: null,
  FAIL2BAN_UNAVAILABLE: 'fail2ban is not reachable right now.',
  RATE_LIMITED: 'Too many attempts. Please wait a moment and try again.',
  CONFIG_INVALID: null,
  WOULD_LOCK_OUT: null,
  HOST_UNAVAILABLE: "The host's agent is not connected, so its fail2ban cannot be reached right now.",
  DATABASE_BUSY: 'The database is busy. Please try again.',
  GRAPHQL_VALIDATION_FAILED: null,
  INTERNAL_SERVER_ERROR: 'The server failed to do this.',
};

/** Whether `value` is one of the codes the server sends. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** The `extensions.code` of a GraphQL error when it is one the server sends, undefined otherwise. */
export function errorCode(error: CodedError | null | undefined): ErrorCode | undefined {
  const code = error?.extensions?.code;
  return isErrorCode(code) ? code : undefined;
}

/** The message to show for an error; the server's own text for input, not-found and conflict errors. */
export function errorMessage(error: CombinedError | null | undefined): string {
  if (!error) return '';
  if (error.networkError) return 'Cannot reach the BanGUI server.';
  const first = error.graphQLErrors[0];
  if (!first) return error.message;
  const code = errorCode(first);
  return (code && MESSAGES[code]) ?? first.message;
}

/** Whether fail2ban refused a configuration change (`CONFIG_INVALID`); nothing of the change was kept then. */
export function isRefusedChange(error: CombinedError | null | undefined): boolean {
  return errorCode(error?.graphQLErrors[0]) === 'CONFIG_INVALID';
}
