// graphql-transport-ws (PROTOCOL.md of the graphql-ws project) against a real
// `bangui serve`, driven by the graphql-ws client library over the `ws`
// package, and by raw frames where the library hides the protocol: a refused
// subscription is one `error` message, ping is answered before and after
// connection_init, an unknown message closes with 4400 and a reason that fits
// a close frame, a second subscribe with an id in use closes with 4409, and on
// SIGTERM every socket gets 1001 before the process exits while the client's
// retry reconnects and resumes its subscription once the server is back.
//
//   node contract/ws-audit.mjs [path/to/bangui]   (default ../target/debug/bangui)

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] ?? resolve(here, '../../target/debug/bangui');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'bangui-ws-audit-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const url = `ws://127.0.0.1:${port}/graphql/ws`;

function start() {
  const server = spawn(binary, ['serve'], {
    env: {
      ...process.env,
      BANGUI_DATABASE_URL: `sqlite://${join(dir, 'audit.db')}`,
      BANGUI_LISTEN: `127.0.0.1:${port}`,
      BANGUI_FAIL2BAN_SOCKET: join(dir, 'no-fail2ban.sock'),
      BANGUI_FAIL2BAN_DB: join(dir, 'no-fail2ban.sqlite3'),
      BANGUI_GEOIP_DB: join(dir, 'none.mmdb'),
      BANGUI_WEB_DIR: join(dir, 'no-web'),
      BANGUI_LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  server.exited = new Promise((done) => server.once('exit', done));
  return server;
}

async function healthy() {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('bangui serve did not answer /healthz within 30 s');
}

async function setup() {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($p: String!) { setup(username: "auditor", password: $p) { token } }',
      variables: { p: 'a long audit password' },
    }),
  });
  const token = (await response.json())?.data?.setup?.token;
  assert.ok(token, 'setup gives a token');
  return token;
}

/** A raw socket speaking graphql-transport-ws, with its messages and close. */
function raw() {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const messages = [];
  const waiting = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    waiting.splice(0).forEach((w) => w());
  });
  socket.closed = new Promise((done) =>
    socket.on('close', (code, reason) => done({ code, reason: String(reason) })),
  );
  socket.opened = new Promise((done, fail) => {
    socket.once('open', done);
    socket.once('error', fail);
  });
  socket.next = async (within = 5_000) => {
    const deadline = Date.now() + within;
    while (messages.length === 0) {
      if (Date.now() > deadline) throw new Error('no message in time');
      await new Promise((w) => {
        waiting.push(w);
        setTimeout(w, 100);
      });
    }
    return messages.shift();
  };
  socket.sendJson = (message) => socket.send(JSON.stringify(message));
  return socket;
}

const checks = [];
const check = async (name, body) => {
  try {
    await body();
    checks.push(`ok   ${name}`);
  } catch (e) {
    checks.push(`FAIL ${name}\n     ${e.message}`);
  }
};

let server = start();
let client;
try {
  await healthy();
  const token = await setup();

  await check('ping is answered with pong before connection_init', async () => {
    const socket = raw();
    await socket.opened;
    socket.sendJson({ type: 'ping' });
    assert.deepEqual(await socket.next(), { type: 'pong' });
    socket.sendJson({ type: 'connection_init', payload: { token } });
    assert.equal((await socket.next()).type, 'connection_ack');
    socket.sendJson({ type: 'ping' });
    assert.equal((await socket.next()).type, 'pong', 'and after it');
    socket.close();
  });

  await check('an unknown message closes with 4400 and a reason that fits a close frame', async () => {
    const socket = raw();
    await socket.opened;
    socket.sendJson({ type: 'connection_init', payload: { token } });
    await socket.next();
    socket.sendJson({ type: 'bogus'.repeat(60) });
    const { code, reason } = await socket.closed;
    assert.equal(code, 4400);
    assert.ok(Buffer.byteLength(reason) <= 123, `${Buffer.byteLength(reason)} bytes`);
  });

  await check('a second subscribe with an id in use closes with 4409', async () => {
    const socket = raw();
    await socket.opened;
    socket.sendJson({ type: 'connection_init', payload: { token } });
    await socket.next();
    const subscribe = {
      type: 'subscribe',
      id: 'same',
      payload: { query: 'subscription { fail2banStatus { reachable } }' },
    };
    socket.sendJson(subscribe);
    socket.sendJson(subscribe);
    const { code, reason } = await socket.closed;
    assert.equal(code, 4409);
    assert.equal(reason, 'Subscriber for same already exists');
  });

  client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { token },
    retryAttempts: 100,
    shouldRetry: () => true,
    retryWait: () => sleep(250),
  });

  await check('a subscription that fails validation gets an error message', async () => {
    const errors = await new Promise((done, fail) => {
      client.subscribe(
        { query: 'subscription { nope }' },
        { next: () => fail(new Error('next for a refused subscription')), error: done, complete: () => fail(new Error('complete instead of error')) },
      );
    });
    assert.ok(Array.isArray(errors), `errors: ${JSON.stringify(errors)}`);
    assert.equal(errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
  });

  await check('on SIGTERM every socket gets 1001, and the client resumes after a restart', async () => {
    const received = [];
    client.subscribe(
      { query: 'subscription { fail2banStatus { reachable } }' },
      { next: (value) => received.push(value), error: () => {}, complete: () => {} },
    );
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) await sleep(50);
    assert.equal(received.length, 1, 'the first status arrives');
    const watcher = raw();
    await watcher.opened;
    watcher.sendJson({ type: 'connection_init', payload: { token } });
    await watcher.next();
    server.kill('SIGTERM');
    const { code } = await watcher.closed;
    assert.equal(code, 1001);
    await server.exited;
    server = start();
    await healthy();
    const resumed = Date.now() + 20_000;
    while (received.length < 2 && Date.now() < resumed) await sleep(100);
    assert.equal(received.length, 2, 'the resumed subscription sends the status again');
    assert.deepEqual(received[1], { data: { fail2banStatus: { reachable: false } } });
  });
} finally {
  await client?.dispose();
  server.kill('SIGTERM');
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
}
console.log(checks.join('\n'));
if (checks.some((c) => c.startsWith('FAIL'))) {
  console.error('graphql-transport-ws audit failed');
  process.exit(1);
}
console.log('graphql-transport-ws: every check passes with the graphql-ws client');
