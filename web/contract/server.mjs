// A real `bangui serve` for the contract checks: a fresh SQLite database in a
// temporary directory, a free loopback port, no fail2ban, and the first
// administrator's token.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

/** A server that can be stopped and started again on the same database and port. */
export async function bangui(binary, name) {
  const dir = mkdtempSync(join(tmpdir(), `bangui-${name}-`));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let process_ = null;
  const server = {
    base,
    port,
    /** Starts `bangui serve` and waits until /healthz answers. */
    async start() {
      process_ = spawn(binary, ['serve'], {
        env: {
          ...process.env,
          BANGUI_DATABASE_URL: `sqlite://${join(dir, 'contract.db')}`,
          BANGUI_LISTEN: `127.0.0.1:${port}`,
          BANGUI_FAIL2BAN_SOCKET: join(dir, 'no-fail2ban.sock'),
          BANGUI_FAIL2BAN_DB: join(dir, 'no-fail2ban.sqlite3'),
          BANGUI_GEOIP_DB: join(dir, 'none.mmdb'),
          BANGUI_WEB_DIR: join(dir, 'no-web'),
          BANGUI_LOG_LEVEL: 'error',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      process_.exited = new Promise((done) => process_.once('exit', done));
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
    },
    /** Sends SIGTERM and waits for the process to exit. */
    async stop() {
      if (!process_) return;
      process_.kill('SIGTERM');
      await process_.exited;
      process_ = null;
    },
    /** The process, for signals. */
    get process() {
      return process_;
    },
    /** Stops the server and removes its directory. */
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    /** Runs the first-run setup and returns the administrator's session token. */
    async admin() {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($p: String!) { setup(username: "auditor", password: $p) { token } }',
          variables: { p: 'a long audit password' },
        }),
      });
      const token = (await response.json())?.data?.setup?.token;
      if (!token) throw new Error('setup gave no token');
      return token;
    },
  };
  return server;
}
