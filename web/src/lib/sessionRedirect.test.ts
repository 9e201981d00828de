// Tests of where the app goes when the session ends and after signing in.
import { describe, expect, it } from 'vitest';
import { endsSession, isServerPage, isSessionCloseCode, isUnauthenticated, loginUrlFor, safeNext } from './sessionRedirect';

describe('loginUrlFor', () => {
  it('remembers the current path and query', () => {
    expect(loginUrlFor('/bans', '?jail=sshd&active=1')).toBe('/login?next=%2Fbans%3Fjail%3Dsshd%26active%3D1');
  });
  it('needs no next for the dashboard root', () => {
    expect(loginUrlFor('/', '')).toBe('/login');
  });
  it('does not loop through the login or setup page', () => {
    expect(loginUrlFor('/login', '?next=%2Fbans')).toBe('/login');
    expect(loginUrlFor('/setup')).toBe('/login');
  });
});

describe('safeNext', () => {
  it('accepts local paths with a query', () => {
    expect(safeNext('/bans?jail=sshd')).toBe('/bans?jail=sshd');
    expect(safeNext('/playground')).toBe('/playground');
  });
  it('rejects other sites and odd values', () => {
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
  it('does not return to the login or setup page', () => {
    expect(safeNext('/login?next=/bans')).toBe('/');
    expect(safeNext('/setup')).toBe('/');
  });
  it('round-trips a path through loginUrlFor', () => {
    const url = new URL(loginUrlFor('/jails', '?x=1'), 'http://host');
    expect(safeNext(url.searchParams.get('next'))).toBe('/jails?x=1');
  });
});

describe('session signals', () => {
  it('finds UNAUTHENTICATED among the errors', () => {
    expect(isUnauthenticated([{ extensions: { code: 'FORBIDDEN' } }, { extensions: { code: 'UNAUTHENTICATED' } }])).toBe(true);
    expect(isUnauthenticated([{ extensions: { code: 'FORBIDDEN' } }, { extensions: null }])).toBe(false);
    expect(isUnauthenticated(undefined)).toBe(false);
  });
  it('ends the session on UNAUTHENTICATED except for a failed sign-in', () => {
    const unauthenticated = [{ extensions: { code: 'UNAUTHENTICATED' } }];
    expect(endsSession('Bans', unauthenticated)).toBe(true);
    expect(endsSession(undefined, unauthenticated)).toBe(true);
    expect(endsSession('Login', unauthenticated)).toBe(false);
    expect(endsSession('Setup', unauthenticated)).toBe(false);
    expect(endsSession('Bans', [{ extensions: { code: 'FORBIDDEN' } }])).toBe(false);
  });
  it('treats 4401 and 4403 as an ended session', () => {
    expect(isSessionCloseCode(4401)).toBe(true);
    expect(isSessionCloseCode(4403)).toBe(true);
    expect(isSessionCloseCode(1006)).toBe(false);
    expect(isSessionCloseCode(4400)).toBe(false);
  });
  it('loads the playground from the server', () => {
    expect(isServerPage('/playground')).toBe(true);
    expect(isServerPage('/playground?x=1')).toBe(true);
    expect(isServerPage('/bans')).toBe(false);
  });
});
