// Several fail2ban hosts end to end in Chromium: `bangui serve` on a sandboxed fail2ban (the
// local host) and two agent hosts, each `bangui agent` on a sandbox of its own, enrolled from
// the Hosts page with the token its dialog shows once. A ban made on an agent host from its
// jail's page, the host of every ban and the host filter of the bans page, a ban fail2ban makes
// on an agent host in the live feed and the dashboard's bans per host, a killed agent's banner
// and the refusal of its commands, a rotated token that disconnects its agent until it starts
// again with the new one, an allowlist entry added on an agent host that the local host's allowlist
// does not hold, a removed host whose archived bans stay, and the read-only VIEWER.
// Screenshots and logs go to e2e/artifacts/ as hosts-*, next to those of the other files.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  ARTIFACTS,
  LOCAL_HOST,
  checkPrerequisites,
  graphql,
  launchBrowser,
  screenshot,
  startAgentHost,
  startStack,
  tail,
  until,
} from './harness.mjs';

const ADMIN = { username: 'admin', password: 'correct horse battery staple' };
const VIEWER = { username: 'viewer', password: 'viewer horse battery staple' };

// Addresses with a known country in the pinned GeoIP database (`make geoip`).
/** Banned on alpha from the page of alpha's sshd jail. */
const ALPHA_IP = '81.2.69.9'; // GB
/** Banned on beta by fail2ban, from log lines. */
const BETA_IP = '200.160.2.4'; // BR
/** Allowlisted on alpha alone. */
const ALPHA_ALLOWED = { ip: '198.51.100.7', comment: 'monitoring of alpha' };

/** What a connection or disconnection may take to reach the page: the server pushes it. */
const PUSHED_MS = 15_000;

describe('several fail2ban hosts in Chromium', { timeout: 10 * 60_000 }, () => {
  let stack;
  let browser;
  let context;
  let page;
  let admin;
  let version;
  const agents = {};
  /** Each agent host's agent token, as its dialog showed it. */
  const tokens = {};
  let failed = null;

  before(async () => {
    checkPrerequisites();
    stack = await startStack({ logPrefix: 'hosts-' });
    for (const name of ['alpha', 'beta']) agents[name] = await startAgentHost(name, { logPrefix: 'hosts-' });
    browser = await launchBrowser();
    context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.setDefaultNavigationTimeout(30_000);
    page.on('pageerror', (error) => console.error(`page error: ${error.stack ?? error.message}`));
    version = (await graphql(stack.url, '{ health { version } }')).data.health.version;
  });

  after(async () => {
    await browser?.close().catch(() => {});
    for (const agent of Object.values(agents)) await agent.stop();
    await stack?.stop();
  });

  /** A test step: skipped after an earlier failure; on failure saves a screenshot and prints the logs' tails. */
  const step = (name, body) =>
    it(name, { timeout: 3 * 60_000 }, async (t) => {
      if (failed) return t.skip(`the earlier step "${failed}" failed`);
      try {
        await body(t);
      } catch (error) {
        failed = name;
        const file = `failed-hosts-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
        await screenshot(page, file).catch((e) => console.error(`no failure screenshot: ${e.message}`));
        console.error(`step "${name}" failed at ${page.url()}; screenshot ${join(ARTIFACTS, `${file}.png`)}`);
        console.error(`--- bangui log tail ---\n${await tail(stack.serverLog)}`);
        for (const agent of Object.values(agents)) console.error(`--- agent ${agent.name} log tail ---\n${await tail(agent.agentLog, 20)}`);
        throw error;
      }
    });

  const shoot = (name) => screenshot(page, `hosts-${name}`);
  const path = () => {
    const url = new URL(page.url());
    return `${url.pathname}${url.search}`;
  };
  const waitForPath = (expected) => until(() => path() === expected, `the address ${expected} (now ${path()})`, 20_000);
  const heading = (name) => page.getByRole('heading', { level: 1, name, exact: true });
  const nav = (name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  /** A form control by its label; Fluent adds a `*` to the label text of required fields. */
  const field = (scope, label) => scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\*?$`));
  /** The trimmed text of each cell of a table row. */
  const cells = (row) =>
    row
      .getByRole('cell')
      .allInnerTexts()
      .then((texts) => texts.map((t) => t.trim()));
  const hostsTable = () => page.getByRole('table', { name: 'Hosts' });
  /** A host's row on the Hosts page. */
  const hostRow = (name) => hostsTable().getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
  /** A host's name, kind, status, agent version and fail2ban version on the Hosts page. */
  const hostState = async (name) => (await cells(hostRow(name))).slice(0, 5);
  /** Waits for a host's row to read `expected` (its first five cells). */
  const expectHost = async (name, expected, timeout = PUSHED_MS) => {
    try {
      await until(async () => JSON.stringify(await hostState(name)) === JSON.stringify(expected), `${name} to read ${expected}`, timeout);
    } catch (error) {
      assert.deepEqual(await hostState(name), expected, error.message);
      throw error;
    }
  };
  /** The banner of a host that is not connected, by the host's name. */
  const hostBanner = (name) => page.getByRole('alert').filter({ hasText: `Host ${name} is not connected` });
  /** The fail2ban version a host's sandbox runs. */
  const fail2banVersion = (agent) => agent.fail2banClient('version');
  const api = async (query, variables = {}) => {
    const body = await graphql(stack.url, query, variables, admin);
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    return body.data;
  };
  /** Reads the bans page at `address` again until a row holds `ip`; returns that row's cells. */
  const banRow = async (address, ip) => {
    const row = page.getByRole('table', { name: 'Bans' }).getByRole('row').filter({ hasText: ip });
    await until(
      async () => {
        await page.goto(address);
        await heading('Bans').waitFor();
        await page.getByRole('navigation', { name: 'Pages' }).waitFor();
        return (await row.count()) === 1;
      },
      `a ban of ${ip} on ${address}`,
      30_000,
      500,
    );
    return cells(row);
  };

  /**
   * Adds a host on the Hosts page and reads its agent token from the dialog, checking the
   * command and env file the dialog gives to start its agent; returns the token.
   */
  async function addHost(name) {
    const form = page.getByRole('form', { name: 'Add a host' });
    await field(form, 'Name').fill(name);
    await form.getByRole('button', { name: 'Add host' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Host ${name} added` });
    await dialog.waitFor();
    await dialog.getByText('This is the only time the agent token is shown.', { exact: false }).waitFor();
    const token = await field(dialog, 'Agent token').inputValue();
    assert.match(token, /^\S{20,}$/);
    const command = (await dialog.getByRole('group', { name: 'Command that starts the agent' }).locator('pre').innerText()).trim();
    assert.equal(command, `BANGUI_AGENT_HUB_URL=${stack.url} BANGUI_AGENT_TOKEN=${token} bangui agent`);
    const envFile = (await dialog.getByRole('group', { name: 'Env file of the systemd unit' }).locator('pre').innerText()).trim();
    assert.equal(envFile, `BANGUI_AGENT_HUB_URL=${stack.url}\nBANGUI_AGENT_TOKEN=${token}`);
    return { dialog, token };
  }

  /** Closes a token dialog and waits for the page to be given back to assistive technology. */
  async function closeTokenDialog(dialog) {
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    await until(async () => (await page.locator('#root').getAttribute('aria-hidden')) === null, '#root to lose aria-hidden', 5_000);
  }

  step('setup: the first admin signs in and finds the local host on the Hosts page', async () => {
    await page.goto('/');
    await waitForPath('/setup');
    await field(page, 'Username').fill(ADMIN.username);
    await field(page, 'Password').fill(ADMIN.password);
    await field(page, 'Repeat password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await waitForPath('/');
    await heading('Dashboard').waitFor();
    admin = await page.evaluate(() => window.localStorage.getItem('bangui.token'));
    assert.ok(admin, 'a session token is stored');

    await nav('Hosts').click();
    await waitForPath('/hosts');
    await heading('Hosts').waitFor();
    await expectHost(LOCAL_HOST, [LOCAL_HOST, 'local', 'connected', '—', await stack.fail2banClient('version')]);
    assert.equal(await hostsTable().getByRole('row').count(), 2, 'the local host under the header');
    assert.equal(await page.getByRole('alert').count(), 0, 'no banner');
  });

  step('an ADMIN adds alpha and beta, and each agent started with its token connects', async () => {
    for (const name of ['alpha', 'beta']) {
      const { dialog, token } = await addHost(name);
      tokens[name] = token;
      if (name === 'alpha') await shoot('enrolment');
      await closeTokenDialog(dialog);
      // Added, its agent not started yet.
      await expectHost(name, [name, 'agent', 'disconnected', 'unknown', 'unknown']);
      await hostBanner(name).getByText('Its agent has never connected.', { exact: false }).waitFor();

      await agents[name].startAgent(stack.url, token);
      await expectHost(name, [name, 'agent', 'connected', version, await fail2banVersion(agents[name])], 30_000);
      await hostBanner(name).waitFor({ state: 'detached', timeout: PUSHED_MS });
    }
    const names = await hostsTable().getByRole('row').evaluateAll((rows) => rows.slice(1).map((row) => row.cells[0].innerText.trim()));
    assert.deepEqual(names, [LOCAL_HOST, 'alpha', 'beta']);
    assert.deepEqual(await hostRow('alpha').getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label'))), [
      'Rotate the token of alpha',
      'Remove alpha',
    ]);
    assert.equal(await hostRow(LOCAL_HOST).getByRole('button').count(), 0, 'no controls for the local host');
    assert.equal(await page.getByRole('alert').count(), 0, 'no banner');
    const hosts = await api('{ hosts { name connected } }');
    assert.deepEqual(hosts.hosts, [
      { name: LOCAL_HOST, connected: true },
      { name: 'alpha', connected: true },
      { name: 'beta', connected: true },
    ]);
    await shoot('connected');
  });

  step("ban an address on alpha from its sshd jail's page", async () => {
    await nav('Jails').click();
    await waitForPath('/jails');
    await heading('Jails').waitFor();
    // Every host's jails, each card saying its host.
    const sshd = page.getByRole('region', { name: 'sshd', exact: true });
    await until(async () => (await sshd.count()) === 3, 'an sshd card for each host');
    const picker = field(page, 'Host');
    assert.deepEqual(await picker.locator('option').allInnerTexts(), ['All hosts', LOCAL_HOST, 'alpha', 'beta']);
    await picker.selectOption('alpha');
    await waitForPath('/jails?host=alpha');
    await until(async () => (await sshd.count()) === 1, "alpha's sshd card alone");
    await sshd.getByText('on alpha', { exact: true }).waitFor();
    await shoot('jails-alpha');

    await sshd.getByRole('link', { name: 'sshd', exact: true }).click();
    await waitForPath('/jails/sshd?host=alpha');
    await heading('sshd').waitFor();
    await page.getByText('on alpha', { exact: true }).waitFor();
    const form = page.getByRole('form', { name: 'Ban an address' });
    await field(form, 'IP address').fill(ALPHA_IP);
    await form.getByRole('button', { name: 'Ban' }).click();
    await form.getByRole('status').getByText(`${ALPHA_IP} is now banned in sshd.`, { exact: true }).waitFor();
    assert.equal(await agents.alpha.fail2banClient('get', 'sshd', 'banip'), ALPHA_IP);
    assert.equal(await agents.beta.fail2banClient('get', 'sshd', 'banip'), '', 'nothing banned on beta');
    assert.equal(await stack.fail2banClient('get', 'sshd', 'banip'), '', 'nothing banned on the local host');
    await page.getByRole('list', { name: 'Banned by sshd' }).getByRole('link', { name: `Details of ${ALPHA_IP}` }).waitFor();
    await shoot('jail-alpha');
  });

  step('the bans page shows the host of each ban and filters by host', async () => {
    const [, address, jail, host, country, , , , state] = await banRow('/bans', ALPHA_IP);
    assert.deepEqual({ address, jail, host, country, state }, { address: ALPHA_IP, jail: 'sshd', host: 'alpha', country: 'United Kingdom', state: 'active' });

    // fail2ban on beta bans an address from its log; the live feed shows it with its host.
    await nav('Dashboard').click();
    await waitForPath('/');
    await heading('Dashboard').waitFor();
    const feed = page.getByRole('list', { name: 'Latest ban events' });
    // The feed opens with the last archived events: the ban on alpha so far.
    await feed.getByRole('listitem').filter({ hasText: ALPHA_IP }).getByText('on alpha', { exact: true }).waitFor();
    await agents.beta.failSshLogin(BETA_IP, 3);
    const item = feed.getByRole('listitem').filter({ hasText: BETA_IP });
    await item.waitFor({ timeout: 60_000 });
    const texts = (await item.locator(':scope > *').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(texts.slice(0, 5), ['Ban', BETA_IP, 'sshd', 'Brazil', 'on beta']);
    assert.equal(await agents.beta.fail2banClient('get', 'sshd', 'banip'), BETA_IP);
    await shoot('dashboard');

    // The dashboard counts the bans of each host, and of the host chosen alone.
    const byHost = page.getByRole('list', { name: 'Bans by host' });
    const bars = async () =>
      (await byHost.getByRole('listitem').evaluateAll((items) => items.map((item) => item.innerText.split('\n').map((t) => t.trim())))).sort();
    await until(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return JSON.stringify(await bars()) === JSON.stringify([['alpha', '1'], ['beta', '1']]);
      },
      'a ban on alpha and one on beta in "Bans by host"',
      30_000,
      1_000,
    );
    await field(page, 'Host').selectOption('beta');
    await waitForPath('/?host=beta');
    await until(async () => JSON.stringify(await bars()) === JSON.stringify([['beta', '1']]), 'the bans of beta alone');
    const top = page.getByRole('table', { name: 'Most banned addresses' }).getByRole('row');
    assert.equal(await top.count(), 2);
    assert.deepEqual((await cells(top.nth(1))).slice(0, 3), [BETA_IP, '1', 'Brazil']);

    const beta = await banRow('/bans', BETA_IP);
    assert.deepEqual(beta.slice(1, 5), [BETA_IP, 'sshd', 'beta', 'Brazil']);

    const filters = page.getByRole('form', { name: 'Filter bans' });
    assert.deepEqual(await field(filters, 'Host').locator('option').allInnerTexts(), ['All hosts', LOCAL_HOST, 'alpha', 'beta']);
    await field(filters, 'Host').selectOption('alpha');
    await filters.getByRole('button', { name: 'Apply' }).click();
    await waitForPath('/bans?host=alpha');
    const rows = page.getByRole('table', { name: 'Bans' }).getByRole('row');
    await until(async () => (await rows.count()) === 2, "alpha's one ban under the header");
    assert.deepEqual((await cells(rows.nth(1))).slice(1, 4), [ALPHA_IP, 'sshd', 'alpha']);
    await shoot('bans-alpha');

    await page.goto('/bans?host=bastion');
    await heading('Bans').waitFor();
    assert.equal(await field(filters, 'Host').inputValue(), LOCAL_HOST);
    await page.getByText('No bans match these filters.', { exact: true }).waitFor();
  });

  step("beta's agent is killed: its banner shows, it reads disconnected, and its commands are refused", async () => {
    await page.goto('/hosts');
    await heading('Hosts').waitFor();
    await expectHost('beta', ['beta', 'agent', 'connected', version, await fail2banVersion(agents.beta)]);
    await agents.beta.killAgent();
    const banner = hostBanner('beta');
    await banner.waitFor({ timeout: PUSHED_MS });
    assert.match(await banner.innerText(), /Its agent was last seen (just now|\d+ min ago) \(.+\)\. Its bans and jail changes are unavailable; its history is still shown\./);
    await expectHost('beta', ['beta', 'agent', 'disconnected', version, await fail2banVersion(agents.beta)]);
    await expectHost('alpha', ['alpha', 'agent', 'connected', version, await fail2banVersion(agents.alpha)]);
    assert.equal(await hostBanner('alpha').count(), 0);
    await shoot('beta-down');

    // The banner is on every page; a command to beta fails at once, saying why.
    await page.goto('/bans?host=beta&active=1');
    await heading('Bans').waitFor();
    await banner.waitFor();
    const row = page.getByRole('table', { name: 'Bans' }).getByRole('row').filter({ hasText: BETA_IP });
    await row.getByRole('button', { name: `Unban ${BETA_IP} in sshd` }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Unban this address?' });
    await confirm.getByRole('button', { name: 'Unban' }).click();
    await page
      .getByRole('status')
      .getByText("The host's agent is not connected, so its fail2ban cannot be reached right now.", { exact: true })
      .waitFor();
    assert.equal(await agents.beta.fail2banClient('get', 'sshd', 'banip'), BETA_IP, 'still banned on beta');
  });

  step("rotating alpha's token disconnects its agent until it starts with the new one", async () => {
    await page.goto('/hosts');
    await heading('Hosts').waitFor();
    await hostRow('alpha').getByRole('button', { name: 'Rotate the token of alpha' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Give this host a new agent token?' });
    await confirm.getByText('The agent token of alpha stops working at once and its agent is disconnected.', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Rotate token' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'New agent token for alpha' });
    await dialog.waitFor();
    const token = await field(dialog, 'Agent token').inputValue();
    assert.notEqual(token, tokens.alpha);
    const command = (await dialog.getByRole('group', { name: 'Command that starts the agent' }).locator('pre').innerText()).trim();
    assert.equal(command, `BANGUI_AGENT_HUB_URL=${stack.url} BANGUI_AGENT_TOKEN=${token} bangui agent`);
    await shoot('rotated');
    await closeTokenDialog(dialog);
    await expectHost('alpha', ['alpha', 'agent', 'disconnected', version, await fail2banVersion(agents.alpha)]);
    await hostBanner('alpha').waitFor();
    // The agent still has the old token, which the hub refuses.
    await until(async () => /does not accept this agent/.test(await tail(agents.alpha.agentLog, 40)), "the hub's refusal in alpha's log", 30_000);
    assert.equal((await api('{ host(name: "alpha") { connected } }')).host.connected, false);

    await agents.alpha.startAgent(stack.url, token);
    await expectHost('alpha', ['alpha', 'agent', 'connected', version, await fail2banVersion(agents.alpha)], 30_000);
    await hostBanner('alpha').waitFor({ state: 'detached', timeout: PUSHED_MS });
  });

  step("an ADMIN allowlists an address on alpha, which the local host's allowlist does not hold", async () => {
    await nav('Allowlist').click();
    await waitForPath('/allowlist');
    await heading('Allowlist').waitFor();
    const picker = field(page, 'Host');
    // One host's allowlist at a time: no "All hosts", the local host's first.
    assert.deepEqual(await picker.locator('option').allInnerTexts(), [LOCAL_HOST, 'alpha', 'beta']);
    assert.equal(await picker.inputValue(), LOCAL_HOST);
    await page.getByText(`The allowlist of ${LOCAL_HOST} is empty.`, { exact: true }).waitFor();

    await picker.selectOption('alpha');
    await waitForPath('/allowlist?host=alpha');
    await page.getByText('The allowlist of alpha is empty.', { exact: true }).waitFor();
    const form = page.getByRole('form', { name: 'Add to the allowlist' });
    await field(form, 'Address or network').fill(ALPHA_ALLOWED.ip);
    await field(form, 'Comment').fill(ALPHA_ALLOWED.comment);
    await form.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('status').getByText(`Every jail on alpha now ignores ${ALPHA_ALLOWED.ip}.`, { exact: true }).waitFor();
    const table = page.getByRole('table', { name: 'Allowlist' });
    const row = table.getByRole('row').filter({ hasText: ALPHA_ALLOWED.ip });
    await row.waitFor();
    const [network, comment, expires, added] = await cells(row);
    assert.deepEqual({ network, comment, expires }, { network: ALPHA_ALLOWED.ip, comment: ALPHA_ALLOWED.comment, expires: 'never' });
    assert.match(added, new RegExp(`^${ADMIN.username}, `));
    const ignored = new RegExp(ALPHA_ALLOWED.ip.replaceAll('.', '\\.'));
    assert.match(await agents.alpha.fail2banClient('get', 'sshd', 'ignoreip'), ignored, "alpha's sshd ignores the address");
    assert.doesNotMatch(await stack.fail2banClient('get', 'sshd', 'ignoreip'), ignored, "the local host's sshd does not");
    await shoot('allowlist-alpha');

    await picker.selectOption(LOCAL_HOST);
    await waitForPath('/allowlist');
    await page.getByText(`The allowlist of ${LOCAL_HOST} is empty.`, { exact: true }).waitFor();
    assert.equal(await table.count(), 0, "no entry in the local host's allowlist");
    const lists = await api('{ local: allowlist { network } alpha: allowlist(host: "alpha") { network comment } }');
    assert.deepEqual(lists, { local: [], alpha: [{ network: ALPHA_ALLOWED.ip, comment: ALPHA_ALLOWED.comment }] });
  });

  step('removing beta drops it from the hosts and its banner; its archived bans stay', async () => {
    await nav('Hosts').click();
    await waitForPath('/hosts');
    await heading('Hosts').waitFor();
    await hostRow('beta').getByRole('button', { name: 'Remove beta' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Remove this host?' });
    await confirm.getByText('Its archived bans stay', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('status').getByText('Removed beta.', { exact: true }).waitFor();
    await until(async () => (await hostRow('beta').count()) === 0, 'the row of beta to go');
    const names = await hostsTable().getByRole('row').evaluateAll((rows) => rows.slice(1).map((row) => row.cells[0].innerText.trim()));
    assert.deepEqual(names, [LOCAL_HOST, 'alpha']);
    await hostBanner('beta').waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('alert').count(), 0, 'no banner');
    assert.deepEqual((await api('{ hosts { name } }')).hosts, [{ name: LOCAL_HOST }, { name: 'alpha' }]);
    await shoot('removed');

    const [, address, jail, host] = await banRow('/bans', BETA_IP);
    assert.deepEqual({ address, jail, host }, { address: BETA_IP, jail: 'sshd', host: 'beta' });
  });

  step('a VIEWER sees the hosts without their controls', async () => {
    const created = await api('mutation($u: String!, $p: String!) { createUser(username: $u, password: $p, role: VIEWER) { role } }', {
      u: VIEWER.username,
      p: VIEWER.password,
    });
    assert.deepEqual(created, { createUser: { role: 'VIEWER' } });
    const viewerContext = await browser.newContext({ baseURL: stack.url, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    try {
      const viewerPage = await viewerContext.newPage();
      viewerPage.setDefaultTimeout(20_000);
      await viewerPage.goto('/login');
      await field(viewerPage, 'Username').fill(VIEWER.username);
      await field(viewerPage, 'Password').fill(VIEWER.password);
      await viewerPage.getByRole('button', { name: 'Sign in' }).click();
      await viewerPage.getByRole('heading', { level: 1, name: 'Dashboard', exact: true }).waitFor();
      await viewerPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hosts', exact: true }).click();
      await viewerPage.getByRole('heading', { level: 1, name: 'Hosts', exact: true }).waitFor();
      const table = viewerPage.getByRole('table', { name: 'Hosts' });
      await table.getByRole('cell', { name: 'alpha', exact: true }).waitFor();
      assert.deepEqual(await table.getByRole('columnheader').allInnerTexts(), [
        'Name',
        'Kind',
        'Status',
        'Agent version',
        'fail2ban version',
        'Last seen',
      ]);
      assert.equal(await viewerPage.getByRole('form', { name: 'Add a host' }).count(), 0);
      assert.equal(await viewerPage.getByRole('main').getByRole('button').count(), 0);
      await screenshot(viewerPage, 'hosts-viewer');
    } finally {
      await viewerContext.close();
    }
  });
});
