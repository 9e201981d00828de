// @vitest-environment jsdom
// Tests that the API client sends the bearer token and reports an ended session.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClients } from './client';
import { JailNamesQuery, LoginMutation } from './operations';

function answer(body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
}

afterEach(() => vi.unstubAllGlobals());

describe('createApiClients', () => {
  it('sends the token as a bearer header', async () => {
    const fetch = answer({ data: { jails: [{ name: 'sshd' }] } });
    vi.stubGlobal('fetch', fetch);
    const { client, ws } = createApiClients('secret', vi.fn());
    const result = await client.query(JailNamesQuery, {}).toPromise();
    expect(result.data?.jails.map((j) => j.name)).toEqual(['sshd']);
    const init = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(init[0]).toBe('/graphql');
    expect(init[1].method).toBe('POST');
    expect(new Headers(init[1].headers).get('authorization')).toBe('Bearer secret');
    await ws.dispose();
  });

  it('calls back once the server answers UNAUTHENTICATED', async () => {
    vi.stubGlobal('fetch', answer({ data: null, errors: [{ message: 'sign in', extensions: { code: 'UNAUTHENTICATED' } }] }));
    const ended = vi.fn();
    const { client, ws } = createApiClients('expired', ended);
    await client.query(JailNamesQuery, {}).toPromise();
    expect(ended).toHaveBeenCalledTimes(1);
    await ws.dispose();
  });

  it('does not call back for other errors or for wrong credentials at login', async () => {
    vi.stubGlobal('fetch', answer({ data: null, errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }));
    const ended = vi.fn();
    const first = createApiClients('token', ended);
    await first.client.query(JailNamesQuery, {}).toPromise();
    vi.stubGlobal('fetch', answer({ data: null, errors: [{ message: 'wrong', extensions: { code: 'UNAUTHENTICATED' } }] }));
    const anonymous = createApiClients(null, ended);
    await anonymous.client.mutation(LoginMutation, { username: 'a', password: 'b' }).toPromise();
    expect(ended).not.toHaveBeenCalled();
    await first.ws.dispose();
    await anonymous.ws.dispose();
  });
});
