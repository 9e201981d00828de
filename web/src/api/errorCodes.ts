// The server's error codes, written by `bangui error-codes` (`make schema`); do not edit.

/** Every `extensions.code` the server sends. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FAIL2BAN_UNAVAILABLE',
  'RATE_LIMITED',
  'CONFIG_INVALID',
  'WOULD_LOCK_OUT',
  'HOST_UNAVAILABLE',
  'DATABASE_BUSY',
  'GRAPHQL_VALIDATION_FAILED',
  'INTERNAL_SERVER_ERROR',
] as const;

/** One of the server's error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];
