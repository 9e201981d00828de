// The end-to-end harness: a sandboxed fail2ban-server and `bangui serve` on it in a
// fresh temporary directory, agent hosts (`bangui agent` on sandboxes of their own),
// Debian's Chromium through playwright-core, and helpers to wait for conditions, talk
// to the API, serve a blocklist and save artifacts.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { appendFile, copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const run = promisify(execFile);

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'web/e2e/artifacts');
export const BANGUI = process.env.BANGUI_BIN ?? join(ROOT, 'target/debug/bangui');
export const WEB_DIR = join(ROOT, 'web/dist');
export const GEOIP_DB = join(ROOT, 'data/geo-whois-asn-country.mmdb');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SANDBOX_SCRIPT = join(ROOT, 'scripts/fail2ban-sandbox');

/** The name of the hub's own fail2ban host (BANGUI_HOST_NAME), as the bans and jails show it. */
export const LOCAL_HOST = 'bastion';

/** How long the server may take to answer /readyz after it was started. */
const READY_TIMEOUT_MS = 60_000;

/** Fails early, naming the make target, when something the run needs is missing. */
export function checkPrerequisites() {
  const needs = [
    [BANGUI, 'the bangui binary: run `cargo build --bin bangui`'],
    [join(WEB_DIR, 'index.html'), 'the built dashboard: run `make web`'],
    [GEOIP_DB, 'the GeoIP database: run `make geoip`'],
    [CHROMIUM, 'Chromium: run `make deps` (Debian package chromium)'],
    ['/usr/bin/fail2ban-server', 'fail2ban: run `make deps` (Debian package fail2ban)'],
  ];
  const missing = needs.filter(([path]) => !existsSync(path)).map(([path, hint]) => `${path} is missing; ${hint}`);
  if (missing.length > 0) throw new Error(`cannot run the end-to-end tests:\n  ${missing.join('\n  ')}`);
}

/** Polls `check` until it returns a truthy value (which is returned) or `timeoutMs` passes. */
export async function until(check, description, timeoutMs = 15_000, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description} (last: ${detail})`);
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}

/** The last `lines` lines of a text file, or a note that it cannot be read. */
export async function tail(path, lines = 60) {
  try {
    const text = await readFile(path, 'utf8');
    return text.split('\n').slice(-lines - 1).join('\n');
  } catch (error) {
    return `(cannot read ${path}: ${error.message})`;
  }
}

/** The environment without BanGUI settings of the calling shell, so only ours apply. */
function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('BANGUI_')));
}

/**
 * Starts fail2ban in a sandbox and `bangui serve` on it with a fresh SQLite database;
 * `env` adds settings of the server (or overrides the harness's).
 * The returned stack's `stop()` ends both and copies their logs to the artifacts, named
 * `<logPrefix>bangui.log` and `<logPrefix>fail2ban.log`; it is safe to call more than once.
 */
export async function startStack({ logPrefix = '', env: extraEnv = {} } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'bangui-e2e-'));
  const sandbox = join(dir, 'fail2ban');
  const serverLog = join(dir, 'bangui.log');
  let server = null;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((done) => server.once('exit', done));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await run(SANDBOX_SCRIPT, ['stop', sandbox], { timeout: 30_000 }).catch((error) => {
      console.error(`fail2ban-sandbox stop failed: ${error.message}`);
    });
    await mkdir(ARTIFACTS, { recursive: true });
    await copyFile(serverLog, join(ARTIFACTS, `${logPrefix}bangui.log`)).catch(() => {});
    await copyFile(join(sandbox, 'fail2ban.log'), join(ARTIFACTS, `${logPrefix}fail2ban.log`)).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  // An interrupted or crashed test process must not leave the servers running.
  process.once('exit', () => {
    if (stopped) return;
    if (server && server.exitCode === null) server.kill('SIGKILL');
    try {
      execFileSync(SANDBOX_SCRIPT, ['stop', sandbox], { timeout: 30_000, stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Nothing more can be done while exiting.
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

  try {
    await run(SANDBOX_SCRIPT, ['start', sandbox], { timeout: 60_000 });
    const env = {
      ...cleanEnv(),
      BANGUI_DATABASE_URL: `sqlite://${join(dir, 'bangui.db')}`,
      BANGUI_LISTEN: '127.0.0.1:0',
      BANGUI_FAIL2BAN_SOCKET: join(sandbox, 'fail2ban.sock'),
      BANGUI_FAIL2BAN_DB: join(sandbox, 'fail2ban.sqlite3'),
      BANGUI_FAIL2BAN_CONFIG_DIR: join(sandbox, 'etc'),
      BANGUI_HOST_NAME: LOCAL_HOST,
      BANGUI_GEOIP_DB: GEOIP_DB,
      BANGUI_WEB_DIR: WEB_DIR,
      BANGUI_SYNC_INTERVAL_SECS: '1',
      // The test blocklist is served from 127.0.0.1 (serveText).
      BANGUI_BLOCKLIST_ALLOW_PRIVATE_URLS: 'true',
      BANGUI_LOG_FORMAT: 'text',
      NO_COLOR: '1',
      ...extraEnv,
    };
    const out = openSync(serverLog, 'a');
    server = spawn(BANGUI, ['serve'], { cwd: dir, env, stdio: ['ignore', out, out] });
    closeSync(out);
    const exitedEarly = new Promise((_, fail) =>
      server.once('exit', (code, signal) => fail(new Error(`bangui serve exited (${signal ?? code}) before it was ready`))),
    );
    exitedEarly.catch(() => {});
    const address = await Promise.race([
      until(
        async () => (await readFile(serverLog, 'utf8')).match(/BanGUI is listening.*?addr=(\S+)/)?.[1],
        'the "BanGUI is listening" log line',
        READY_TIMEOUT_MS,
      ),
      exitedEarly,
    ]);
    const url = `http://${address}`;
    await until(async () => (await fetch(`${url}/readyz`)).status === 200, '/readyz to answer 200', READY_TIMEOUT_MS);
    return {
      dir,
      sandbox,
      url,
      serverLog,
      fail2banLog: join(sandbox, 'fail2ban.log'),
      stop,
      /** Runs fail2ban-client against the sandbox and returns its trimmed output. */
      async fail2banClient(...args) {
        const { stdout } = await run('fail2ban-client', ['-c', join(sandbox, 'etc'), ...args], { timeout: 30_000 });
        return stdout.trim();
      },
      /** Appends sshd "Failed password" lines for `ip` to the log the sshd jail watches. */
      failSshLogin: (ip, times) => appendSshFailures(join(sandbox, 'log/auth.log'), ip, times),
    };
  } catch (error) {
    console.error(`bangui log tail:\n${await tail(serverLog)}`);
    await stop();
    throw error;
  }
}

/**
 * Starts a fail2ban sandbox of its own for an agent host named `name`, in a fresh temporary
 * directory; `startAgent(hubUrl, token)` then runs `bangui agent` on it with a queue file
 * (BANGUI_AGENT_STATE) of its own, `killAgent()` ends the agent with SIGKILL as a crash
 * would, and `stop()` ends both and copies their logs to the artifacts as
 * `<logPrefix>agent-<name>.log` and `<logPrefix>fail2ban-<name>.log`; it is safe to call
 * more than once.
 */
export async function startAgentHost(name, { logPrefix = '' } = {}) {
  const dir = await mkdtemp(join(tmpdir(), `bangui-e2e-agent-${name}-`));
  const sandbox = join(dir, 'fail2ban');
  const agentLog = join(dir, 'agent.log');
  let agent = null;
  let stopped = false;

  const running = () => agent !== null && agent.exitCode === null && agent.signalCode === null;
  const end = async (signal) => {
    if (!running()) return;
    const exited = new Promise((done) => agent.once('exit', done));
    agent.kill(signal);
    const timer = setTimeout(() => agent.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await end('SIGTERM');
    await run(SANDBOX_SCRIPT, ['stop', sandbox], { timeout: 30_000 }).catch((error) => {
      console.error(`fail2ban-sandbox stop failed: ${error.message}`);
    });
    await mkdir(ARTIFACTS, { recursive: true });
    await copyFile(agentLog, join(ARTIFACTS, `${logPrefix}agent-${name}.log`)).catch(() => {});
    await copyFile(join(sandbox, 'fail2ban.log'), join(ARTIFACTS, `${logPrefix}fail2ban-${name}.log`)).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  process.once('exit', () => {
    if (stopped) return;
    if (running()) agent.kill('SIGKILL');
    try {
      execFileSync(SANDBOX_SCRIPT, ['stop', sandbox], { timeout: 30_000, stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Nothing more can be done while exiting.
    }
  });

  try {
    await run(SANDBOX_SCRIPT, ['start', sandbox], { timeout: 60_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name,
    sandbox,
    agentLog,
    fail2banLog: join(sandbox, 'fail2ban.log'),
    stop,
    /** Starts `bangui agent` for the hub at `hubUrl` with `token`; an agent already running is ended first. */
    async startAgent(hubUrl, token) {
      await end('SIGTERM');
      const env = {
        ...cleanEnv(),
        BANGUI_AGENT_HUB_URL: hubUrl,
        BANGUI_AGENT_TOKEN: token,
        BANGUI_AGENT_STATE: join(dir, 'agent.sqlite'),
        BANGUI_FAIL2BAN_SOCKET: join(sandbox, 'fail2ban.sock'),
        BANGUI_FAIL2BAN_DB: join(sandbox, 'fail2ban.sqlite3'),
        BANGUI_FAIL2BAN_CONFIG_DIR: join(sandbox, 'etc'),
        BANGUI_LOG_FORMAT: 'text',
        NO_COLOR: '1',
      };
      const out = openSync(agentLog, 'a');
      agent = spawn(BANGUI, ['agent'], { cwd: dir, env, stdio: ['ignore', out, out] });
      closeSync(out);
    },
    /** Ends the agent at once, as a crash or a lost machine would. */
    killAgent: () => end('SIGKILL'),
    /** Runs fail2ban-client against this host's sandbox and returns its trimmed output. */
    async fail2banClient(...args) {
      const { stdout } = await run('fail2ban-client', ['-c', join(sandbox, 'etc'), ...args], { timeout: 30_000 });
      return stdout.trim();
    },
    /** Appends sshd "Failed password" lines for `ip` to the log this host's sshd jail watches. */
    failSshLogin: (ip, times) => appendSshFailures(join(sandbox, 'log/auth.log'), ip, times),
  };
}

/** Appends `times` sshd "Failed password" lines for `ip` to the log file at `path`. */
async function appendSshFailures(path, ip, times) {
  const lines = Array.from(
    { length: times },
    (_, i) => `${syslogStamp(new Date())} bastion sshd[${4000 + i}]: Failed password for invalid user admin from ${ip} port ${40000 + i} ssh2\n`,
  );
  await appendFile(path, lines.join(''));
}

/** A syslog time stamp in local time, as sshd writes it: `Nov  3 09:05:01`. */
function syslogStamp(date) {
  const month = date.toLocaleString('en-US', { month: 'short' });
  const pad = (n) => String(n).padStart(2, '0');
  return `${month} ${String(date.getDate()).padStart(2, ' ')} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** POSTs a GraphQL operation, with a bearer token when given; returns the parsed body. */
export async function graphql(url, query, variables = {}, token = null) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

/**
 * Serves `body` as plain text at `http://127.0.0.1:<port>/<name>`; counts the downloads.
 * `close()` ends the server and any connection kept alive.
 */
export async function serveText(name, body) {
  let downloads = 0;
  const server = createServer((request, response) => {
    if (request.url !== `/${name}`) {
      response.writeHead(404).end();
      return;
    }
    downloads += 1;
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/${name}`,
    downloads: () => downloads,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Debian's Chromium, headless, with nothing downloaded. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 60_000,
  });
}

/** Empties the artifacts directory, so it holds only this run's files. */
export async function resetArtifacts() {
  await rm(ARTIFACTS, { recursive: true, force: true });
  await mkdir(ARTIFACTS, { recursive: true });
}

/** A full-page screenshot in the artifacts directory, with animations finished. */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}
