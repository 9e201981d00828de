// The GraphQL over HTTP audits of graphql-http (serverAudits: every MUST and
// SHOULD) against a real `bangui serve` on a fresh SQLite database. Prints
// each audit; exits 1 when any fails.
//
//   node contract/http-audit.mjs [path/to/bangui]   (default ../target/debug/bangui)

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { serverAudits } from 'graphql-http';

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] ?? resolve(here, '../../target/debug/bangui');

/** A free TCP port on loopback. */
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

async function waitForHealth(base) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('bangui serve did not answer /healthz within 30 s');
}

/** Sets the server up and returns the first administrator's session token. */
async function signIn(base) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($p: String!) { setup(username: "auditor", password: $p) { token } }',
      variables: { p: 'a long audit password' },
    }),
  });
  const body = await response.json();
  const token = body?.data?.setup?.token;
  if (!token) throw new Error(`setup failed: ${JSON.stringify(body)}`);
  return token;
}

/**
 * schema.graphql against what the server answers to graphql-js's full
 * introspection query (descriptions, @specifiedBy, the schema's description):
 * printed the same way, they must be equal. Returns 1 when they differ.
 */
async function sameSchema(base, fetchFn) {
  const response = await fetchFn(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        schemaDescription: true,
        directiveIsRepeatable: true,
      }),
    }),
  });
  const body = await response.json();
  if (!body.data) {
    console.log(`FAIL introspection: ${JSON.stringify(body.errors)}`);
    return 1;
  }
  const print = (schema) => printSchema(lexicographicSortSchema(schema));
  const served = print(buildClientSchema(body.data));
  const file = print(buildSchema(readFileSync(resolve(here, '../../schema.graphql'), 'utf8')));
  if (served === file) {
    console.log('ok   schema.graphql is the schema the server serves');
    return 0;
  }
  const a = served.split('\n');
  const b = file.split('\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  console.log(`FAIL schema.graphql differs from the served schema at line ${at + 1}:`);
  console.log(`     served: ${a[at]}\n     file:   ${b[at]}`);
  return 1;
}

const dir = mkdtempSync(join(tmpdir(), 'bangui-audit-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(binary, ['serve'], {
  env: {
    ...process.env,
    BANGUI_DATABASE_URL: `sqlite://${join(dir, 'audit.db')}`,
    BANGUI_LISTEN: `127.0.0.1:${port}`,
    BANGUI_FAIL2BAN_SOCKET: join(dir, 'no-fail2ban.sock'),
    BANGUI_FAIL2BAN_DB: join(dir, 'no-fail2ban.sqlite3'),
    BANGUI_GEOIP_DB: join(dir, 'none.mmdb'),
    BANGUI_WEB_DIR: join(dir, 'no-web'),
    BANGUI_LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

let failed = 0;
try {
  await waitForHealth(base);
  // Signed in: introspection, which several audits use, is for signed-in users.
  const token = await signIn(base);
  const fetchFn = (input, init = {}) =>
    fetch(input, {
      ...init,
      headers: { ...Object.fromEntries(new Headers(init.headers)), authorization: `Bearer ${token}` },
    });
  failed += await sameSchema(base, fetchFn);
  for (const audit of serverAudits({ url: `${base}/graphql`, fetchFn })) {
    const result = await audit.fn();
    const mark = result.status === 'ok' ? 'ok  ' : result.status === 'warn' ? 'WARN' : 'FAIL';
    console.log(`${mark} ${audit.name}`);
    if (result.status !== 'ok') {
      failed += 1;
      console.log(`     ${result.reason}`);
    }
  }
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
if (failed > 0) {
  console.error(`${failed} GraphQL over HTTP audits did not pass`);
  process.exit(1);
}
console.log('every GraphQL over HTTP audit passes');
