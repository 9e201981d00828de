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
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { bangui, sleep } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] ?? resolve(here, '../../target/debug/bangui');
const server = await bangui(binary, 'ws-audit');
const url = `ws://127.0.0.1:${server.port}/graphql/ws`;

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

let client;
try {
  await server.start();
  const token = await server.admin();

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
    const stopped = server.stop();
    const { code } = await watcher.closed;
    assert.equal(code, 1001);
    await stopped;
    await server.start();
    const resumed = Date.now() + 20_000;
    while (received.length < 2 && Date.now() < resumed) await sleep(100);
    assert.equal(received.length, 2, 'the resumed subscription sends the status again');
    assert.deepEqual(received[1], { data: { fail2banStatus: { reachable: false } } });
  });
} finally {
  await client?.dispose();
  await server.dispose();
}
console.log(checks.join('\n'));
if (checks.some((c) => c.startsWith('FAIL'))) {
  console.error('graphql-transport-ws audit failed');
  process.exit(1);
}
console.log('graphql-transport-ws: every check passes with the graphql-ws client');
