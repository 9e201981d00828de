// fail2ban's lasting configuration end to end in Chromium, against `bangui serve` on a sandboxed
// fail2ban-server: a jail's page (settings and where they come from, ignore list, banned
// addresses), durations in human units, creating a jail with a live filter test, enabling,
// disabling and deleting it, a jail fail2ban refuses, the allowlist, the change history with
// its diffs, and bulk unbans of addresses and networks from the bans page.
// Screenshots and logs go to e2e/artifacts/ as config-*, next to those of dashboard.e2e.mjs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, checkPrerequisites, graphql, launchBrowser, screenshot, startStack, tail, until } from './harness.mjs';

const ADMIN = { username: 'admin', password: 'correct horse battery staple' };
const VIEWER = { username: 'viewer', password: 'viewer horse battery staple' };

/** An address the sshd jail ignores for a week, then stops ignoring. */
const IGNORED = { ip: '192.0.2.10', comment: 'office' };
/** A network every jail ignores. */
const ALLOWED = { ip: '198.51.100.0/24', comment: 'monitoring' };
/** Failures written to the sshd jail's log, too few for a ban, for the filter test of its log. */
const FAILING_IP = '192.0.2.50';
/** The jail created from the sshd filter, on a log file of its own. */
const NEW_JAIL = 'webapp';
/** A jail on a log file that does not exist: fail2ban refuses it. */
const GHOST_JAIL = 'ghost';
/** Bans lifted together from the bans page: two addresses and a network. */
const BULK = ['192.0.2.61', '192.0.2.62', '203.0.113.0/24'];
/** A phone's viewport, in CSS pixels. */
const PHONE = { width: 390, height: 844 };

describe('fail2ban configuration in Chromium', { timeout: 10 * 60_000 }, () => {
  let stack;
  let browser;
  let context;
  let page;
  let admin;
  let failed = null;

  before(async () => {
    checkPrerequisites();
    stack = await startStack({ logPrefix: 'config-' });
    browser = await launchBrowser();
    context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.setDefaultNavigationTimeout(30_000);
    page.on('pageerror', (error) => console.error(`page error: ${error.stack ?? error.message}`));
  });

  after(async () => {
    await browser?.close().catch(() => {});
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
        const file = `failed-config-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
        await screenshot(page, file).catch((e) => console.error(`no failure screenshot: ${e.message}`));
        console.error(`step "${name}" failed at ${page.url()}; screenshot ${join(ARTIFACTS, `${file}.png`)}`);
        console.error(`--- bangui log tail ---\n${await tail(stack.serverLog)}`);
        console.error(`--- fail2ban log tail ---\n${await tail(stack.fail2banLog, 20)}`);
        throw error;
      }
    });

  const shoot = (name) => screenshot(page, `config-${name}`);
  const path = () => {
    const url = new URL(page.url());
    return `${url.pathname}${url.search}`;
  };
  const waitForPath = (expected) => until(() => path() === expected, `the address ${expected} (now ${path()})`, 20_000);
  const heading = (name) => page.getByRole('heading', { level: 1, name, exact: true });
  /** A state badge (running, enabled, created in BanGUI) by its text. */
  const badge = (text, scope = page) => scope.locator('.fui-Badge').getByText(text, { exact: true });
  /** A form control by its label; Fluent adds a `*` to the label text of required fields. */
  const field = (scope, label) => scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\*?$`));
  /** The trimmed text of each cell of a table row. */
  const cells = (row) =>
    row
      .getByRole('cell')
      .allInnerTexts()
      .then((texts) => texts.map((t) => t.trim()));
  /** The rows of a table under its header, as their cells' texts. */
  const rowsOf = async (table) => {
    const rows = await table.getByRole('row').all();
    return Promise.all(rows.slice(1).map(cells));
  };
  /** Each term in `scope` with the definition that follows it. */
  const figures = async (scope) => {
    const terms = (await scope.getByRole('term').allInnerTexts()).map((t) => t.trim());
    const values = (await scope.getByRole('definition').allInnerTexts()).map((t) => t.trim());
    return Object.fromEntries(terms.map((term, index) => [term, values[index]]));
  };
  /** The jails fail2ban runs now. */
  const runningJails = async () => {
    const status = await stack.fail2banClient('status');
    return (status.match(/Jail list:\s*(.*)$/m)?.[1] ?? '').split(/,\s*/).filter(Boolean).sort();
  };
  /** The names of the jail cards on the jails page. */
  const jailCards = async () => {
    await heading('Jails').waitFor();
    await page.getByRole('region', { name: 'sshd', exact: true }).waitFor();
    return (await page.getByRole('region').getByRole('heading', { level: 2 }).allInnerTexts()).map((t) => t.trim()).sort();
  };
  const api = async (query, variables = {}) => {
    const body = await graphql(stack.url, query, variables, admin);
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    return body.data;
  };

  step('setup: the first admin signs in', async () => {
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
  });

  step("a jail's page shows its settings in human units and where each comes from", async () => {
    await page.goto('/jails');
    await page.getByRole('region', { name: 'sshd', exact: true }).getByRole('link', { name: 'sshd', exact: true }).click();
    await waitForPath('/jails/sshd');
    await heading('sshd').waitFor();
    await badge('running').waitFor();
    await badge('enabled').waitFor();
    const settings = page.getByRole('form', { name: 'Settings of sshd' });
    assert.equal(await field(settings, 'Ban time').inputValue(), '10m');
    assert.equal(await field(settings, 'Find time').inputValue(), '10m');
    assert.equal(await field(settings, 'Max retry').inputValue(), '3');
    assert.deepEqual(
      (await page.getByRole('list', { name: 'Log files' }).getByRole('listitem').allInnerTexts()).map((t) => t.trim()),
      [join(stack.sandbox, 'log/auth.log')],
    );
    assert.ok((await page.getByRole('list', { name: 'Actions' }).getByRole('listitem').count()) >= 1, 'the jail runs an action');
    const sources = await rowsOf(page.getByRole('table', { name: 'Where the settings of sshd come from' }));
    const logpath = sources.find(([setting]) => setting === 'logpath');
    assert.deepEqual(logpath, ['logpath', join(stack.sandbox, 'log/auth.log'), 'jail.local', 'sshd', 'your file']);
    const bantime = sources.find(([setting]) => setting === 'bantime');
    assert.deepEqual(bantime, ['bantime', '600', 'jail.local', 'DEFAULT', 'your file']);
    await shoot('jail-page');
  });

  step('a ban time typed as 1h lasts in BanGUI’s file and shows there as its source', async () => {
    const settings = page.getByRole('form', { name: 'Settings of sshd' });
    await field(settings, 'Ban time').fill('1h');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByRole('status').getByText('Saved.', { exact: true }).waitFor();
    assert.equal(await stack.fail2banClient('get', 'sshd', 'bantime'), '3600');
    const table = page.getByRole('table', { name: 'Where the settings of sshd come from' });
    await until(async () => {
      const bantime = (await rowsOf(table)).find(([setting]) => setting === 'bantime');
      return JSON.stringify(bantime) === JSON.stringify(['bantime', '3600', 'jail.d/bangui.local', 'sshd', 'BanGUI']);
    }, 'the bantime row to name BanGUI’s file');
    assert.equal(await field(settings, 'Ban time').inputValue(), '1h');
    await page.goto('/jails');
    const card = page.getByRole('region', { name: 'sshd', exact: true }).getByRole('form', { name: 'Settings of sshd' });
    await until(async () => (await field(card, 'Ban time').inputValue()) === '1h', 'the sshd card to show a ban time of 1h');
    await page.goto('/jails/sshd');
    await heading('sshd').waitFor();
  });

  step('the ignore list takes an entry with a comment and an expiry, and gives it up', async () => {
    const form = page.getByRole('form', { name: 'Add to the ignore list of sshd' });
    await field(form, 'Address or network').fill(IGNORED.ip);
    await field(form, 'Comment').fill(IGNORED.comment);
    await field(form, 'Expires after').fill('7d');
    const before = Date.now();
    await form.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('status').getByText(`sshd now ignores ${IGNORED.ip}.`, { exact: true }).waitFor();
    const table = page.getByRole('table', { name: 'Ignored by sshd' });
    const row = table.getByRole('row').filter({ hasText: IGNORED.ip });
    await row.waitFor();
    const [network, comment, expires, addedBy] = await cells(row);
    assert.deepEqual({ network, comment }, { network: IGNORED.ip, comment: IGNORED.comment });
    const expiry = new Date(expires).getTime();
    assert.ok(Math.abs(expiry - (before + 7 * 86400_000)) < 5 * 60_000, `expires ${expires}, a week from now`);
    assert.match(addedBy, new RegExp(`^${ADMIN.username}, `));
    assert.match(await stack.fail2banClient('get', 'sshd', 'ignoreip'), new RegExp(IGNORED.ip.replace(/\./g, '\\.')));
    await shoot('ignore-list');

    await row.getByRole('button', { name: `Remove ${IGNORED.ip}` }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Stop ignoring this entry?' });
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('status').getByText(`Removed ${IGNORED.ip}.`, { exact: true }).waitFor();
    await until(async () => (await row.count()) === 0, `${IGNORED.ip} to leave the ignore list`);
    assert.doesNotMatch(await stack.fail2banClient('get', 'sshd', 'ignoreip'), new RegExp(IGNORED.ip.replace(/\./g, '\\.')));
  });

  step('the addresses a jail bans are listed on its page and can be unbanned there', async () => {
    await api('mutation($ip: String!) { banIp(jail: "sshd", ip: $ip) { ip } }', { ip: '192.0.2.77' });
    await page.reload();
    const banned = page.getByRole('list', { name: 'Banned by sshd' });
    await banned.getByRole('link', { name: 'Details of 192.0.2.77' }).waitFor();
    await banned.getByRole('button', { name: 'Unban 192.0.2.77 in sshd' }).click();
    await page.getByRole('alertdialog', { name: 'Unban this address?' }).getByRole('button', { name: 'Unban' }).click();
    await page.getByRole('status').getByText('192.0.2.77 was unbanned in sshd.', { exact: true }).waitFor();
    await page.getByText('No address is banned now.', { exact: true }).waitFor();
    assert.equal(await stack.fail2banClient('get', 'sshd', 'banip'), '');
  });

  step('the create form tests the chosen filter live on pasted lines and on an existing jail’s log', async () => {
    await stack.failSshLogin(FAILING_IP, 2);
    await page.goto('/jails');
    await page.getByRole('link', { name: 'Create jail', exact: true }).click();
    await waitForPath('/jails/new');
    await heading('Create jail').waitFor();
    const form = page.getByRole('form', { name: 'Create a jail' });
    const filter = field(form, 'Filter');
    await until(async () => (await filter.locator('option').count()) > 10, 'the installed filters in the picker');
    await filter.selectOption('sshd');
    await form.getByLabel('failregex of sshd').waitFor();
    const test = page.getByRole('region', { name: 'Filter test' });
    await test.getByText('Paste sample lines, or give a log file an existing jail watches, to test the filter.').waitFor();

    await field(form, 'Log files').fill(join(stack.sandbox, 'log/auth.log'));
    await test.getByText('Tested on the log of the jail sshd.', { exact: true }).waitFor({ timeout: 30_000 });
    const fromLog = await figures(test);
    assert.equal(fromLog.Matched, '2', JSON.stringify(fromLog));
    assert.deepEqual(
      (await rowsOf(test.getByRole('table', { name: 'Matched lines' }))).map(([, address]) => address),
      [FAILING_IP, FAILING_IP],
    );

    await field(form, 'Sample log lines').fill(
      [
        'Dec  1 10:00:00 bastion sshd[1]: Accepted publickey for alice from 192.0.2.1 port 50000 ssh2',
        'Dec  1 10:00:01 bastion sshd[2]: Failed password for invalid user admin from 192.0.2.99 port 50001 ssh2',
        'Dec  1 10:00:02 bastion sshd[3]: Connection closed by 192.0.2.3 port 50002',
      ].join('\n'),
    );
    await test.getByText('Tested on the sample lines.', { exact: true }).waitFor({ timeout: 30_000 });
    await until(async () => (await figures(test))['Lines tested'] === '3', 'three lines tested');
    const counts = await figures(test);
    assert.equal(counts.Matched, '1', JSON.stringify(counts));
    assert.equal(Number(counts.Ignored) + Number(counts.Missed), 2, JSON.stringify(counts));
    const [match] = await rowsOf(test.getByRole('table', { name: 'Matched lines' }));
    assert.deepEqual(match.slice(0, 2), ['2', '192.0.2.99']);
    assert.notEqual(match[2], '—');
    await shoot('create-jail-test');
  });

  step('a jail whose log file does not exist is refused with fail2ban’s reason and leaves the jails as they were', async () => {
    const before = await runningJails();
    const form = page.getByRole('form', { name: 'Create a jail' });
    await field(form, 'Name').fill(GHOST_JAIL);
    await field(form, 'Log files').fill(join(stack.sandbox, 'log/missing.log'));
    await field(form, 'Sample log lines').fill('');
    await form.getByRole('button', { name: 'Create jail' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'fail2ban refused the change' });
    await refusal.waitFor({ timeout: 60_000 });
    const text = await refusal.innerText();
    assert.match(text, /Nothing of the change was kept\./);
    assert.ok(
      text.replace('fail2ban refused the change', '').replace('Nothing of the change was kept.', '').trim().length > 0,
      `a reason in: ${text}`,
    );
    assert.equal(path(), '/jails/new');
    await shoot('refused');
    assert.deepEqual(await runningJails(), before);
    await page.goto('/jails');
    assert.deepEqual(await jailCards(), ['blocklist', 'nginx-http-auth', 'sshd']);
  });

  step('a jail created from a filter runs, is disabled, enabled again and deleted', async () => {
    await writeFile(join(stack.sandbox, 'log/webapp.log'), '');
    await page.goto('/jails/new');
    const form = page.getByRole('form', { name: 'Create a jail' });
    const filter = field(form, 'Filter');
    await until(async () => (await filter.locator('option').count()) > 10, 'the installed filters in the picker');
    await field(form, 'Name').fill(NEW_JAIL);
    await filter.selectOption('sshd');
    await field(form, 'Log files').fill(join(stack.sandbox, 'log/webapp.log'));
    await field(form, 'Port').fill('http,https');
    await field(form, 'Ban time').fill('1w');
    await field(form, 'Find time').fill('30m');
    await field(form, 'Max retry').fill('2');
    await form.getByRole('button', { name: 'Create jail' }).click();
    await waitForPath(`/jails/${NEW_JAIL}`);
    await heading(NEW_JAIL).waitFor({ timeout: 60_000 });
    await badge('created in BanGUI').waitFor();
    assert.ok((await runningJails()).includes(NEW_JAIL), `fail2ban runs ${NEW_JAIL}`);
    assert.equal(await stack.fail2banClient('get', NEW_JAIL, 'bantime'), '604800');
    const settings = page.getByRole('form', { name: `Settings of ${NEW_JAIL}` });
    assert.equal(await field(settings, 'Ban time').inputValue(), '1w');
    assert.equal(await field(settings, 'Find time').inputValue(), '30m');
    const sources = await rowsOf(page.getByRole('table', { name: `Where the settings of ${NEW_JAIL} come from` }));
    assert.deepEqual(
      sources.find(([setting]) => setting === 'maxretry'),
      ['maxretry', '2', `jail.d/bangui-${NEW_JAIL}.local`, NEW_JAIL, 'BanGUI'],
    );
    await shoot('created-jail');

    await page.getByRole('button', { name: `Disable ${NEW_JAIL}` }).click();
    await page.getByRole('alertdialog', { name: 'Disable this jail?' }).getByRole('button', { name: 'Disable' }).click();
    await badge('disabled').waitFor({ timeout: 60_000 });
    await until(async () => !(await runningJails()).includes(NEW_JAIL), `fail2ban to stop ${NEW_JAIL}`);
    await page.goto('/jails');
    await badge('disabled', page.getByRole('region', { name: NEW_JAIL, exact: true })).waitFor();
    await page.goto(`/jails/${NEW_JAIL}`);

    await page.getByRole('button', { name: `Enable ${NEW_JAIL}` }).click();
    await page.getByRole('alertdialog', { name: 'Enable this jail?' }).getByRole('button', { name: 'Enable' }).click();
    await badge('enabled').waitFor({ timeout: 60_000 });
    await until(async () => (await runningJails()).includes(NEW_JAIL), `fail2ban to run ${NEW_JAIL} again`);

    await page.getByRole('button', { name: `Delete ${NEW_JAIL}` }).click();
    await page.getByRole('alertdialog', { name: 'Delete this jail?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').getByText(`Deleted the jail ${NEW_JAIL}.`, { exact: true }).waitFor({ timeout: 60_000 });
    await until(async () => (await page.locator('#root').getAttribute('aria-hidden')) === null, '#root to lose aria-hidden', 5_000);
    // The Delete button went with the jail: the focus is on the page's heading.
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), NEW_JAIL);
    assert.ok(!(await runningJails()).includes(NEW_JAIL), `fail2ban no longer runs ${NEW_JAIL}`);
    await page.getByRole('link', { name: 'All jails', exact: true }).click();
    await waitForPath('/jails');
    // A deleted jail leaves the list.
    await until(async () => (await jailCards()).length > 0, 'the jail cards');
    assert.ok(!(await jailCards()).includes(NEW_JAIL), `${NEW_JAIL} is no longer listed`);
    await page.goto(`/jails/${NEW_JAIL}`);
    await heading(NEW_JAIL).waitFor();
    assert.equal(await page.getByRole('button', { name: `Delete ${NEW_JAIL}` }).count(), 0);
  });

  step('an ADMIN adds to the allowlist and removes from it; every jail ignores the entry meanwhile', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Allowlist', exact: true }).click();
    await waitForPath('/allowlist');
    await heading('Allowlist').waitFor();
    await page.getByText('The allowlist is empty.', { exact: true }).waitFor();
    const form = page.getByRole('form', { name: 'Add to the allowlist' });
    await field(form, 'Address or network').fill(ALLOWED.ip);
    await field(form, 'Comment').fill(ALLOWED.comment);
    await form.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('status').getByText(`Every jail now ignores ${ALLOWED.ip}.`, { exact: true }).waitFor();
    const row = page.getByRole('table', { name: 'Allowlist' }).getByRole('row').filter({ hasText: ALLOWED.ip });
    await row.waitFor();
    const [network, comment, expires] = await cells(row);
    assert.deepEqual({ network, comment, expires }, { network: ALLOWED.ip, comment: ALLOWED.comment, expires: 'never' });
    for (const jail of ['sshd', 'nginx-http-auth']) {
      assert.match(await stack.fail2banClient('get', jail, 'ignoreip'), /198\.51\.100\.0\/24/, `${jail} ignores ${ALLOWED.ip}`);
    }
    await shoot('allowlist');

    // A VIEWER reads the allowlist without its controls.
    const login = await graphql(
      stack.url,
      'mutation($u: String!, $p: String!) { createUser(username: $u, password: $p, role: VIEWER) { role } }',
      {
        u: VIEWER.username,
        p: VIEWER.password,
      },
      admin,
    );
    assert.deepEqual(login, { data: { createUser: { role: 'VIEWER' } } });
    const session = await graphql(stack.url, 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
      u: VIEWER.username,
      p: VIEWER.password,
    });
    const viewerContext = await browser.newContext({ baseURL: stack.url, locale: 'en-US' });
    await viewerContext.addInitScript((token) => window.localStorage.setItem('bangui.token', token), session.data.login.token);
    const viewerPage = await viewerContext.newPage();
    await viewerPage.goto('/allowlist');
    await viewerPage.getByRole('table', { name: 'Allowlist' }).getByRole('row').filter({ hasText: ALLOWED.ip }).waitFor();
    assert.equal(await viewerPage.getByRole('form', { name: 'Add to the allowlist' }).count(), 0);
    assert.equal(await viewerPage.getByRole('button', { name: /^Remove / }).count(), 0);
    await viewerPage.goto('/changes');
    await viewerPage.getByText('This page needs the ADMIN role', { exact: true }).waitFor();
    await viewerContext.close();

    await row.getByRole('button', { name: `Remove ${ALLOWED.ip}` }).click();
    await page.getByRole('alertdialog', { name: 'Remove from the allowlist?' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('status').getByText(`Removed ${ALLOWED.ip}.`, { exact: true }).waitFor();
    await page.getByText('The allowlist is empty.', { exact: true }).waitFor();
    assert.doesNotMatch(await stack.fail2banClient('get', 'sshd', 'ignoreip'), /198\.51\.100\.0\/24/);
  });

  step('the change history lists every change newest first, the refused one with fail2ban’s reason, diffs in colour', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Config changes', exact: true }).click();
    await waitForPath('/changes');
    await heading('Configuration changes').waitFor();
    const list = page.getByRole('list', { name: 'Configuration changes' });
    await list.waitFor();
    const changes = list.getByRole('article');
    const labels = await changes.evaluateAll((items) => items.map((item) => item.getAttribute('aria-label')));
    assert.equal(labels.length, 10, `ten changes: ${labels.join(' | ')}`);
    // Newest first: the allowlist removal, then its addition, in BanGUI's own file.
    assert.match(labels[0], /^jail\.d\/bangui\.local at /);
    const times = await changes.evaluateAll((items) => items.map((item) => item.innerText));
    const newest = changes.first();
    await newest.getByText('applied', { exact: true }).waitFor();
    assert.match(await newest.innerText(), new RegExp(`by ${ADMIN.username} on `));
    const removed = newest.locator('[data-kind="removed"]').filter({ hasText: '198.51.100.0/24' });
    assert.ok((await removed.count()) >= 1, 'the newest diff removes the allowlist entry');

    const refused = changes.filter({ hasText: 'refused' }).filter({ hasText: `bangui-${GHOST_JAIL}.local` });
    assert.equal(await refused.count(), 1, `one refused change of ${GHOST_JAIL}: ${times.join('\n---\n').slice(0, 2000)}`);
    const reason = (await refused.getByText(/^fail2ban refused it: /).innerText()).replace('fail2ban refused it: ', '').trim();
    assert.ok(reason.length > 0 && reason !== 'no reason given', `fail2ban's reason: ${reason}`);
    const added = refused.locator('[data-kind="added"]').filter({ hasText: 'missing.log' });
    assert.equal(await added.count(), 1, 'the refused diff adds the missing log file');

    // Added lines green, removed lines red, in a monospace box that scrolls on its own.
    const style = (locator) =>
      locator.evaluate((el) => {
        const s = window.getComputedStyle(el);
        return { color: s.color, background: s.backgroundColor, font: s.fontFamily };
      });
    const green = await style(added);
    const red = await style(removed.first());
    const channels = (color) => color.match(/\d+/g).slice(0, 3).map(Number);
    const [gr, gg, gb] = channels(green.background);
    const [rr, rg, rb] = channels(red.background);
    assert.ok(gg > gr && gg > gb, `added lines on green: ${green.background}`);
    assert.ok(rr > rg && rr > rb, `removed lines on red: ${red.background}`);
    assert.match(green.font, /mono|Consolas|Courier/i);
    const box = refused.getByLabel(/^Changes to jail\.d\/bangui-ghost\.local: \d+ added, 0 removed$/);
    assert.equal(await box.evaluate((el) => window.getComputedStyle(el).overflowX), 'auto');
    await shoot('changes');

    const previous = page.viewportSize();
    await page.setViewportSize(PHONE);
    await page.reload();
    await list.waitFor();
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    assert.ok(scrollWidth <= innerWidth, `/changes is ${scrollWidth} px wide in a ${innerWidth} px window`);
    const widest = await list.locator('pre').evaluateAll((boxes) => Math.max(...boxes.map((b) => b.getBoundingClientRect().right)));
    assert.ok(widest <= innerWidth, `a diff reaches ${widest} px in a ${innerWidth} px window`);
    await shoot('phone-changes');
    await page.setViewportSize(previous);
  });

  step('bans chosen on the bans page are lifted together; a network ban has working details and unban', async () => {
    await api('mutation($ips: [String!]!) { banIps(jail: "sshd", ips: $ips) { banned } }', { ips: BULK.slice(0, 2) });
    await api('mutation($ip: String!) { banIp(jail: "sshd", ip: $ip) { ip } }', { ip: BULK[2] });
    await api('mutation($ip: String!) { banIp(jail: "nginx-http-auth", ip: $ip) { ip } }', { ip: '192.0.2.63' });
    await page.goto('/bans?active=1');
    await heading('Bans').waitFor();
    const table = page.getByRole('table', { name: 'Bans' });
    for (const ip of [...BULK, '192.0.2.63']) {
      await table.getByRole('row').filter({ hasText: ip }).waitFor({ timeout: 30_000 });
    }

    await page.getByRole('button', { name: `Details of ${BULK[2]}` }).click();
    const dialog = page.getByRole('dialog', { name: BULK[2] });
    const jails = dialog.getByRole('list', { name: 'Banned now in:', exact: true });
    await jails.getByRole('listitem').filter({ hasText: 'sshd' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.goto(`/bans?detail=${encodeURIComponent('203.0.113.9')}`);
    const inside = page.getByRole('dialog', { name: '203.0.113.9' });
    await inside.getByRole('list', { name: 'Inside banned networks:', exact: true }).getByText(`${BULK[2]} in sshd`).waitFor();
    await inside.getByRole('button', { name: 'Close' }).click();
    await inside.waitFor({ state: 'detached' });

    await page.goto('/bans?active=1');
    for (const ip of BULK) await page.getByRole('checkbox', { name: `Select ${ip} in sshd` }).check();
    await page.getByRole('checkbox', { name: 'Select 192.0.2.63 in nginx-http-auth' }).check();
    await page.getByText('4 bans selected.', { exact: true }).waitFor();
    await shoot('bulk-unban');
    await page.getByRole('button', { name: 'Unban selected' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Unban 4 bans?' });
    await confirm.getByText('4 addresses will be unbanned in the jails sshd, nginx-http-auth.').waitFor();
    await confirm.getByRole('button', { name: 'Unban' }).click();
    await page.getByRole('status').getByText('Unbanned 4 addresses.', { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal(await stack.fail2banClient('get', 'sshd', 'banip'), '');
    assert.equal(await stack.fail2banClient('get', 'nginx-http-auth', 'banip'), '');
    await until(async () => (await table.getByRole('row').count()) <= 1, 'the active bans to empty');

    // A network's own Unban button on its row.
    await api('mutation($ip: String!) { banIp(jail: "sshd", ip: $ip) { ip } }', { ip: BULK[2] });
    await page.reload();
    const row = table.getByRole('row').filter({ hasText: BULK[2] });
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: `Unban ${BULK[2]} in sshd` }).click();
    await page.getByRole('alertdialog', { name: 'Unban this address?' }).getByRole('button', { name: 'Unban' }).click();
    await page.getByRole('status').getByText(`${BULK[2]} was unbanned in sshd.`, { exact: true }).waitFor();
    assert.equal(await stack.fail2banClient('get', 'sshd', 'banip'), '');
  });
});
