// Turns API errors into short messages for people.
import type { CombinedError } from 'urql';

const MESSAGES: Readonly<Record<string, string>> = {
  UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
  FORBIDDEN: 'Your role does not allow this.',
  FAIL2BAN_UNAVAILABLE: 'fail2ban is not reachable right now.',
  RATE_LIMITED: 'Too many attempts. Please wait a moment and try again.',
  DATABASE_BUSY: 'The database is busy. Please try again.',
  INTERNAL_SERVER_ERROR: 'The server failed to do this.',
};

/** The message to show for an error; the server's own text for input, not-found and conflict errors. */
export function errorMessage(error: CombinedError | null | undefined): string {
  if (!error) return '';
  if (error.networkError) return 'Cannot reach the BanGUI server.';
  const first = error.graphQLErrors[0];
  if (!first) return error.message;
  const code = typeof first.extensions?.code === 'string' ? first.extensions.code : '';
  return MESSAGES[code] ?? first.message;
}
