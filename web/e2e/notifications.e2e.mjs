// Notifications end to end in Chromium, against `bangui serve` on a sandboxed fail2ban-server and a
// webhook receiver on 127.0.0.1 (so the server runs with BANGUI_NOTIFY_ALLOW_PRIVATE_URLS=true, and
// BANGUI_NOTIFY_MAX_PER_MINUTE=60 so that a ban is told within a second): a WEBHOOK channel added
// on the page and tested, a BAN rule for the sshd jail, a ban it tells, and the delivery log.
// Screenshots and logs go to e2e/artifacts/ as notify-*, next to those of the other e2e files.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ARTIFACTS, checkPrerequisites, graphql, launchBrowser, screenshot, startStack, tail, until } from './harness.mjs';

const ADMIN = { username: 'admin', password: 'correct horse battery staple' };
/** The channel added on the page, with the key its bodies are signed with. */
const CHANNEL = { name: 'e2e receiver', secret: 'e2e signing key' };
/** The rule added on the page. */
const RULE = 'sshd bans';
/** The address banned in sshd, which the rule tells. */
const BANNED_IP = '192.0.2.99';

/**
 * An HTTP server on 127.0.0.1 that answers 200 to every POST to /hook and records its headers
 * and raw body; `close()` ends it and any connection kept alive.
 */
async function startReceiver() {
  const received = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/hook') {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      } else {
        response.writeHead(404).end();
      }
    });
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/hook`,
    received,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

describe('notifications in Chromium', { timeout: 10 * 60_000 }, () => {
  let stack;
  let receiver;
  let browser;
  let page;
  let admin;
  let failed = null;

  before(async () => {
    checkPrerequisites();
    receiver = await startReceiver();
    stack = await startStack({
      logPrefix: 'notify-',
      env: { BANGUI_NOTIFY_ALLOW_PRIVATE_URLS: 'true', BANGUI_NOTIFY_MAX_PER_MINUTE: '60' },
    });
    browser = await launchBrowser();
    const context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.setDefaultNavigationTimeout(30_000);
    page.on('pageerror', (error) => console.error(`page error: ${error.stack ?? error.message}`));
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await stack?.stop();
    await receiver?.close();
  });

  /** A test step: skipped after an earlier failure; on failure saves a screenshot and prints the logs' tails. */
  const step = (name, body) =>
    it(name, { timeout: 3 * 60_000 }, async (t) => {
      if (failed) return t.skip(`the earlier step "${failed}" failed`);
      try {
        await body(t);
      } catch (error) {
        failed = name;
        const file = `failed-notify-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
        await screenshot(page, file).catch((e) => console.error(`no failure screenshot: ${e.message}`));
        console.error(`step "${name}" failed at ${page.url()}; screenshot ${join(ARTIFACTS, `${file}.png`)}`);
        console.error(`--- bangui log tail ---\n${await tail(stack.serverLog)}`);
        console.error(`--- received ---\n${JSON.stringify(receiver.received, null, 2)}`);
        throw error;
      }
    });

  const shoot = (name) => screenshot(page, `notify-${name}`);
  const path = () => new URL(page.url()).pathname;
  const waitForPath = (expected) => until(() => path() === expected, `the address ${expected} (now ${path()})`, 20_000);
  const heading = (name) => page.getByRole('heading', { level: 1, name, exact: true });
  /** A form control by its label; Fluent adds a `*` to the label text of required fields. */
  const field = (scope, label) => scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\*?$`));
  const notice = (text) => page.getByRole('status').getByText(text, { exact: true });
  /** The trimmed text of each cell of a table row. */
  const cells = (row) =>
    row
      .getByRole('cell')
      .allInnerTexts()
      .then((texts) => texts.map((t) => t.trim()));
  const channelRow = () => page.getByRole('table', { name: 'Notification channels' }).getByRole('row').filter({ hasText: CHANNEL.name });
  const logTable = () => page.getByRole('table', { name: 'Delivery log' });
  /** The delivery log's rows as their cells' texts. */
  const logRows = async () => {
    if ((await logTable().count()) === 0) return [];
    const rows = await logTable().getByRole('row').all();
    return Promise.all(rows.slice(1).map(cells));
  };
  const api = async (query, variables = {}) => {
    const body = await graphql(stack.url, query, variables, admin);
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    return body.data;
  };
  /** The POSTs received whose JSON body has this `event`. */
  const posts = (event) => receiver.received.filter((post) => JSON.parse(post.body).event === event);
  const signature = (body) => `sha256=${createHmac('sha256', CHANNEL.secret).update(body).digest('hex')}`;

  step('setup: the first admin signs in and opens the notifications page', async () => {
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

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications', exact: true }).click();
    await waitForPath('/notifications');
    await heading('Notifications').waitFor();
    await page.getByText('No notification channels yet.', { exact: true }).waitFor();
    await page.getByText('No notification rules yet.', { exact: true }).waitFor();
    await page.getByText('Nothing was sent yet.', { exact: true }).waitFor();
  });

  step('a webhook channel is added and its test message is delivered', async () => {
    await page.getByRole('button', { name: 'Add a channel' }).click();
    const form = page.getByRole('dialog').getByRole('form', { name: 'Add a notification channel' });
    await field(form, 'Name').fill(CHANNEL.name);
    await field(form, 'Kind').selectOption('WEBHOOK');
    await field(form, 'URL').fill(receiver.url);
    await field(form, 'Secret').fill(CHANNEL.secret);
    await shoot('channel-form');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await notice(`Added ${CHANNEL.name}.`).waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await channelRow().waitFor();
    assert.deepEqual((await cells(channelRow())).slice(0, 6), [CHANNEL.name, 'Webhook', receiver.url, 'enabled', 'set', 'never']);
    assert.equal(await page.getByText(CHANNEL.secret).count(), 0, 'the secret is not shown');

    await page.getByRole('button', { name: `Send a test message to ${CHANNEL.name}` }).click();
    await notice(`The test message to ${CHANNEL.name} was delivered.`).waitFor({ timeout: 40_000 });
    const lastDelivery = (await cells(channelRow()))[5];
    assert.match(lastDelivery, /^delivered\s*1 attempt, /);
    await shoot('channel-tested');

    const tests = posts('test');
    assert.equal(receiver.received.length, 1, 'one POST');
    assert.equal(tests.length, 1, 'one test message');
    const [test] = tests;
    const { deliveries } = await api('{ deliveries(first: 5) { nodes { id trigger status } } }');
    assert.deepEqual(deliveries.nodes, [{ id: test.headers['x-bangui-delivery'], trigger: 'TEST', status: 'DELIVERED' }]);
    assert.equal(test.headers['x-bangui-signature'], signature(test.body));
    assert.equal(JSON.parse(test.body).event, 'test');

    const log = await logRows();
    assert.equal(log.length, 1);
    const [, channel, rule, trigger, status, attempts] = log[0];
    assert.deepEqual(
      { channel, rule, trigger, status, attempts },
      { channel: `${CHANNEL.name} (Webhook)`, rule: 'test', trigger: 'test', status: 'delivered', attempts: '1' },
    );
  });

  step('a BAN rule for the sshd jail is added on that channel', async () => {
    await page.getByRole('button', { name: 'Add a rule' }).click();
    const form = page.getByRole('dialog').getByRole('form', { name: 'Add a notification rule' });
    await field(form, 'Name').fill(RULE);
    await field(form, 'Trigger').selectOption('BAN');
    await form.getByRole('group', { name: 'Channels' }).getByRole('checkbox', { name: CHANNEL.name }).check();
    await form.getByRole('group', { name: 'Jails' }).getByRole('checkbox', { name: 'sshd', exact: true }).check();
    await shoot('rule-form');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await notice(`Added rule ${RULE}.`).waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const row = page.getByRole('table', { name: 'Notification rules' }).getByRole('row').filter({ hasText: RULE });
    await row.waitFor();
    assert.deepEqual((await cells(row)).slice(0, 5), [RULE, 'ban', CHANNEL.name, 'jails: sshd', 'enabled']);
  });

  step('a ban in sshd is told to the webhook and shown delivered in the log', async () => {
    await api('mutation($ip: String!) { banIp(jail: "sshd", ip: $ip) { ip } }', { ip: BANNED_IP });
    const [ban] = await until(() => (posts('ban').length > 0 ? posts('ban') : null), 'the ban to reach the webhook', 60_000);
    const body = JSON.parse(ban.body);
    assert.equal(body.ip, BANNED_IP);
    assert.equal(body.jail, 'sshd');
    assert.equal(ban.headers['x-bangui-signature'], signature(ban.body));

    const delivered = await until(
      async () => {
        await page.getByRole('button', { name: 'Refresh', exact: true }).click();
        const rows = await logRows();
        return rows.find(([, , rule, trigger, status]) => rule === RULE && trigger === 'ban' && status === 'delivered');
      },
      'a delivered ban in the delivery log',
      30_000,
      1_000,
    );
    assert.equal(delivered[1], `${CHANNEL.name} (Webhook)`);
    const { deliveries } = await api('{ deliveries(first: 1) { nodes { id trigger rule { name } } } }');
    assert.deepEqual(deliveries.nodes, [{ id: ban.headers['x-bangui-delivery'], trigger: 'BAN', rule: { name: RULE } }]);
    await page.getByText('2 deliveries in all.', { exact: true }).waitFor();
    await shoot('notifications');
  });

  step('the delivery log filters by status', async () => {
    await field(page, 'Status').selectOption('DELIVERED');
    await until(async () => (await logRows()).length === 2, 'two delivered deliveries');
    assert.deepEqual(
      (await logRows()).map((row) => row[4]),
      ['delivered', 'delivered'],
    );
    await field(page, 'Status').selectOption('FAILED');
    await page.getByText('No deliveries in this status.', { exact: true }).waitFor();
    await field(page, 'Status').selectOption('');
    await until(async () => (await logRows()).length === 2, 'every delivery again');
  });
});
