// Decides where to send the user when the session ends and where to return after signing in.
import { errorCode } from '../api/errors';
import type { CodedError } from '../api/errors';

const PUBLIC_PATHS = ['/login', '/setup'];

/** Pages served by the server itself rather than by the app's router. */
const SERVER_PAGES = ['/playground'];

/** The login URL that brings the user back to `pathname` + `search` afterwards. */
export function loginUrlFor(pathname: string, search = ''): string {
  if (PUBLIC_PATHS.includes(pathname)) return '/login';
  const next = `${pathname}${search}`;
  if (next === '/' || next === '') return '/login';
  return `/login?next=${encodeURIComponent(next)}`;
}

/**
 * The path to go to after signing in: the `next` parameter when it is a local path
 * (not another site, not the login or setup page), `/` otherwise.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  const pathname = next.split(/[?#]/)[0] ?? '';
  if (PUBLIC_PATHS.includes(pathname)) return '/';
  return next;
}

/** Whether `path` must be loaded from the server with a full page load. */
export function isServerPage(path: string): boolean {
  const pathname = path.split(/[?#]/)[0] ?? '';
  return SERVER_PAGES.includes(pathname);
}

/** Whether any error of a GraphQL answer says the session is missing, expired or invalid. */
export function isUnauthenticated(errors: ReadonlyArray<CodedError> | undefined): boolean {
  return (errors ?? []).some((error) => errorCode(error) === 'UNAUTHENTICATED');
}

/** Operations whose UNAUTHENTICATED answer means wrong credentials, not an ended session. */
const SIGN_IN_OPERATIONS = ['Login', 'Setup'];

/** Whether an answer to the operation `operationName` means the session has ended. */
export function endsSession(
  operationName: string | null | undefined,
  errors: ReadonlyArray<CodedError> | undefined,
): boolean {
  return !SIGN_IN_OPERATIONS.includes(operationName ?? '') && isUnauthenticated(errors);
}

/** WebSocket close codes that mean the session ended or is invalid. */
export function isSessionCloseCode(code: number): boolean {
  return code === 4401 || code === 4403;
}
