// The web dashboard end to end in Chromium, against `bangui serve` on a sandboxed
// fail2ban-server: setup, sign-in and session expiry, the dashboard with its map and
// live feed, banning and unbanning, a blocklist import, the read-only viewer, the
// playground, every page at a phone's width, and the dark theme.
// Full-page screenshots of every page, the server's and fail2ban's logs, and a
// screenshot of any failed step go to e2e/artifacts/ (`npm run e2e` empties it first).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ARTIFACTS,
  LOCAL_HOST,
  ROOT,
  checkPrerequisites,
  graphql,
  launchBrowser,
  screenshot,
  serveText,
  startStack,
  tail,
  until,
} from './harness.mjs';

const ADMIN = { username: 'admin', password: 'correct horse battery staple' };
const VIEWER = { username: 'viewer', password: 'viewer horse battery staple' };

// Addresses with a known country in the pinned GeoIP database (`make geoip`).
const MANUAL_IP = '81.2.69.7'; // GB, banned from the jails page
const LOG_IP = '200.160.2.3'; // BR, banned by fail2ban from log lines

/**
 * A blocklist imported into the sandbox's `blocklist` jail: two addresses to ban, a
 * private address the import skips and a line that is no address.
 */
const BLOCKLIST = {
  name: 'e2e list',
  jail: 'blocklist',
  fresh: ['5.6.7.8', '1.2.3.4'],
  body: ['# e2e blocklist', '5.6.7.8', '1.2.3.4 ; listed with a comment', 'not-an-address', '10.0.0.1', ''].join('\n'),
};
/** The controls of a blocklist source row (SourcesTable.tsx): run, dry run, edit, delete. */
const SOURCE_CONTROLS = /^(Run now: |Dry run of |Edit |Delete )/;

/** The fill of a country without bans (Fluent's token, see WorldMap.tsx). */
const NO_BANS_FILL = 'var(--colorNeutralBackground5)';
/** The darkest palette step, for the country with the most bans (colorScale.ts). */
const MOST_BANS_FILL = '#9e1b42';

/** world-atlas countries minus Antarctica: the paths the map draws. */
async function mapShapeCount() {
  const atlas = JSON.parse(await readFile(join(ROOT, 'web/node_modules/world-atlas/countries-110m.json'), 'utf8'));
  return atlas.objects.countries.geometries.filter((g) => g.properties.name !== 'Antarctica').length;
}

/**
 * Every page of the signed-in app: its address, its level-1 heading and the link in the
 * header that leads to it (AppHeader.tsx).
 */
const PAGES = {
  dashboard: { path: '/', heading: 'Dashboard', link: 'Dashboard' },
  bans: { path: '/bans', heading: 'Bans', link: 'Bans' },
  jails: { path: '/jails', heading: 'Jails', link: 'Jails' },
  allowlist: { path: '/allowlist', heading: 'Allowlist', link: 'Allowlist' },
  blocklists: { path: '/blocklists', heading: 'Blocklists', link: 'Blocklists' },
  hosts: { path: '/hosts', heading: 'Hosts', link: 'Hosts' },
  users: { path: '/users', heading: 'Users', link: 'Users' },
  tokens: { path: '/tokens', heading: 'API tokens', link: 'API tokens' },
  audit: { path: '/audit', heading: 'Audit log', link: 'Audit log' },
  changes: { path: '/changes', heading: 'Configuration changes', link: 'Config changes' },
  notifications: { path: '/notifications', heading: 'Notifications', link: 'Notifications' },
  account: { path: '/account', heading: 'Your account', link: `Your account: ${ADMIN.username}` },
};
/** A phone's viewport (iPhone 12 to 15), in CSS pixels. */
const PHONE = { width: 390, height: 844 };

/** The WCAG relative luminance of an opaque `rgb(r, g, b)` colour, from 0 (black) to 1 (white). */
function luminance(color) {
  const match = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/.exec(color);
  assert.ok(match, `${color} is an rgb() colour`);
  assert.ok(match[4] === undefined || Number(match[4]) === 1, `${color} is opaque`);
  const [r, g, b] = match.slice(1, 4).map((channel) => {
    const c = Number(channel) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two opaque rgb() colours. */
function contrast(a, b) {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** Pages that may not exist yet; each is screenshotted when its route renders a page of its own. */
const OPTIONAL_PAGES = ['blocklists', 'users', 'tokens', 'audit', 'account', 'allowlist', 'changes', 'notifications'];
/** Of those, the ones only an ADMIN may open, with their navigation labels (roles.ts). */
const ADMIN_ONLY = {
  users: 'Users',
  tokens: 'API tokens',
  audit: 'Audit log',
  changes: 'Config changes',
  notifications: 'Notifications',
};

describe('web dashboard in Chromium', { timeout: 10 * 60_000 }, () => {
  let stack;
  let list;
  let browser;
  let context;
  let page;
  let failed = null;
  const covered = [];
  const notCovered = [];
  const present = new Set();

  before(async () => {
    checkPrerequisites();
    stack = await startStack();
    list = await serveText('blocklist.txt', BLOCKLIST.body);
    browser = await launchBrowser();
    context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.setDefaultNavigationTimeout(30_000);
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  });

  after(async () => {
    console.log(`pages screenshotted: ${covered.join(', ')}`);
    if (notCovered.length > 0) console.log(`optional pages not present: ${notCovered.join(', ')}`);
    await browser?.close().catch(() => {});
    await list?.close();
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
        const file = `failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
        await screenshot(page, file).catch((e) => console.error(`no failure screenshot: ${e.message}`));
        console.error(`step "${name}" failed at ${page.url()}; screenshot ${join(ARTIFACTS, `${file}.png`)}`);
        console.error(`--- bangui log tail ---\n${await tail(stack.serverLog)}`);
        console.error(`--- fail2ban log tail ---\n${await tail(stack.fail2banLog, 20)}`);
        throw error;
      }
    });

  const shoot = async (name) => {
    await screenshot(page, name);
    covered.push(name);
  };
  const path = () => {
    const url = new URL(page.url());
    return `${url.pathname}${url.search}`;
  };
  const waitForPath = (expected) => until(() => path() === expected, `the address ${expected} (now ${path()})`, 20_000);
  const heading = (name) => page.getByRole('heading', { level: 1, name, exact: true });
  const nav = (name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  /** A form control by its label; Fluent adds a `*` to the label text of required fields. */
  const field = (scope, label) => scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\*?$`));
  const token = () => page.evaluate(() => window.localStorage.getItem('bangui.token'));

  /** The trimmed text of each cell of a table row. */
  const cells = (row) => row.getByRole('cell').allInnerTexts().then((texts) => texts.map((t) => t.trim()));
  /**
   * The labelled figures in `scope` (dashboard totals, jail counters, import counters): each
   * term with the definition that follows it, as `{ label: value }`.
   */
  const figures = async (scope) => {
    const terms = (await scope.getByRole('term').allInnerTexts()).map((t) => t.trim());
    const values = (await scope.getByRole('definition').allInnerTexts()).map((t) => t.trim());
    assert.equal(terms.length, values.length, 'each term has a definition');
    return Object.fromEntries(terms.map((term, index) => [term, values[index]]));
  };
  /** Waits for the figures named in `expected` to read their values there. */
  const expectFigures = async (scope, expected, description) => {
    const shown = async () => {
      const all = await figures(scope);
      return Object.fromEntries(Object.keys(expected).map((label) => [label, all[label]]));
    };
    try {
      await until(
        async () => JSON.stringify(await shown()) === JSON.stringify(expected),
        `${description} to read ${JSON.stringify(expected)}`,
      );
    } catch (error) {
      assert.deepEqual(await shown(), expected, error.message);
      throw error;
    }
  };
  /** The jails the address dialog lists under "Banned now in:", once sshd is among them. */
  const bannedIn = async (dialog) => {
    const jails = dialog.getByRole('list', { name: 'Banned now in:', exact: true });
    await jails.getByRole('listitem').filter({ hasText: 'sshd' }).waitFor();
    return (await jails.getByRole('listitem').allInnerTexts()).map((t) => t.trim());
  };
  /** A jail's card, a region named after the jail. */
  const jailCard = (name) => page.getByRole('region', { name, exact: true });
  /** Waits for the page outside dialogs to be given back to assistive technology. */
  const expectPageAccessible = () =>
    until(async () => (await page.locator('#root').getAttribute('aria-hidden')) === null, '#root to lose aria-hidden', 5_000);
  /** Waits for the page's spinners to go, so that what it loads is laid out. */
  const expectLoaded = (description) =>
    until(async () => (await page.getByRole('progressbar').count()) === 0, `${description} to finish loading`);
  /**
   * The form controls of the page body that reach past the window's right edge, where a
   * card clips them, outside the horizontal scroll containers wide tables sit in.
   */
  const controlsPastEdge = () =>
    page.locator('main').evaluate((main) => {
      const scrolls = (el) => {
        for (let box = el.parentElement; box && box !== main; box = box.parentElement) {
          if (['auto', 'scroll'].includes(window.getComputedStyle(box).overflowX)) return true;
        }
        return false;
      };
      return [...main.querySelectorAll('input, select, textarea, button')]
        .filter((el) => el.getClientRects().length > 0 && !scrolls(el))
        .map((el) => ({
          form: el.form?.getAttribute('aria-label') ?? null,
          control: el.labels?.[0]?.innerText.trim() || el.getAttribute('aria-label') || el.innerText.trim(),
          right: Math.round(el.getBoundingClientRect().right),
        }))
        .filter(({ right }) => right > window.innerWidth);
    });
  /** The computed background colour of the Fluent provider that holds the app (ThemeContext.tsx). */
  const appBackground = () => page.locator('#root > .fui-FluentProvider').evaluate((el) => window.getComputedStyle(el).backgroundColor);
  /** The theme button in the header, named after the theme it switches to. */
  const themeButton = (mode) => page.getByRole('banner').getByRole('button', { name: `Switch to ${mode} theme`, exact: true });
  const savedTheme = () => page.evaluate(() => window.localStorage.getItem('bangui.theme'));
  /** The labels of the source controls on the page that match SOURCE_CONTROLS. */
  const sourceControls = () =>
    page.getByRole('button', { name: SOURCE_CONTROLS }).evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')));

  async function signIn({ username, password }) {
    await heading('Sign in to BanGUI').waitFor();
    await field(page, 'Username').fill(username);
    await field(page, 'Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function expectSignedInAs({ username }, role) {
    const header = page.getByRole('banner');
    await header.getByText(username, { exact: true }).waitFor();
    await header.getByText(role, { exact: true }).waitFor();
  }

  step('first run: the setup page creates the admin and signs in', async () => {
    await page.goto('/');
    await waitForPath('/setup');
    await heading('Set up BanGUI').waitFor();
    await page.getByText('Create the first administrator account.').waitFor();
    await shoot('setup');
    await field(page, 'Username').fill(ADMIN.username);
    await field(page, 'Password').fill(ADMIN.password);
    await field(page, 'Repeat password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await waitForPath('/');
    await heading('Dashboard').waitFor();
    await expectSignedInAs(ADMIN, 'ADMIN');
    assert.deepEqual(await graphql(stack.url, '{ setupRequired }'), { data: { setupRequired: false } });
  });

  step('sign out, a wrong password, and sign in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForPath('/login');
    await heading('Sign in to BanGUI').waitFor();
    assert.equal(await token(), null);
    await shoot('login');
    await signIn({ username: ADMIN.username, password: 'not the password' });
    await page.getByText('Wrong username or password.').waitFor();
    assert.equal(path(), '/login');
    await signIn(ADMIN);
    await waitForPath('/');
    await heading('Dashboard').waitFor();
    await expectSignedInAs(ADMIN, 'ADMIN');
  });

  step('a session revoked on the server sends a deep page to sign-in and back', async () => {
    await page.goto('/?range=7d&jail=sshd');
    await heading('Dashboard').waitFor();
    await page.getByText('Waiting for new bans…').waitFor();
    const session = await token();
    assert.ok(session, 'a session token is stored');
    // The live feed's WebSocket is closed with 4401 when its session ends.
    assert.deepEqual(await graphql(stack.url, 'mutation { logout }', {}, session), { data: { logout: true } });
    await waitForPath(`/login?next=${encodeURIComponent('/?range=7d&jail=sshd')}`);
    await signIn(ADMIN);
    await waitForPath('/?range=7d&jail=sshd');
    await heading('Dashboard').waitFor();
    assert.equal(await field(page, 'Time range').inputValue(), '7d');
    assert.equal(await field(page, 'Jail').inputValue(), 'sshd');
  });

  step('a session lost in the browser sends a deep page to sign-in and back', async () => {
    await page.goto('/bans?jail=sshd&active=1');
    await heading('Bans').waitFor();
    await context.clearCookies();
    await page.evaluate(() => window.localStorage.removeItem('bangui.token'));
    await page.reload();
    await waitForPath(`/login?next=${encodeURIComponent('/bans?jail=sshd&active=1')}`);
    await signIn(ADMIN);
    await waitForPath('/bans?jail=sshd&active=1');
    await heading('Bans').waitFor();
    const filters = page.getByRole('form', { name: 'Filter bans' });
    assert.equal(await field(filters, 'Jail').inputValue(), 'sshd');
    assert.equal(await field(filters, 'Active only').isChecked(), true);
  });

  step('ban an address from the jails page and find it on the bans page', async () => {
    await nav('Jails').click();
    await waitForPath('/jails');
    await heading('Jails').waitFor();
    const form = page.getByRole('form', { name: 'Ban an address' });
    await field(form, 'Jail').selectOption('sshd');
    await field(form, 'IP address').fill(MANUAL_IP);
    await form.getByRole('button', { name: 'Ban' }).click();
    await form.getByRole('status').getByText(`${MANUAL_IP} is now banned in sshd.`, { exact: true }).waitFor();
    assert.equal(await stack.fail2banClient('get', 'sshd', 'banip'), MANUAL_IP);
    await expectFigures(jailCard('sshd'), { 'Banned now': '1', 'Banned in total': '1' }, 'the sshd card');
    await shoot('jails');

    await nav('Bans').click();
    await waitForPath('/bans');
    await heading('Bans').waitFor();
    const row = page.getByRole('table', { name: 'Bans' }).getByRole('row').filter({ hasText: MANUAL_IP });
    await row.waitFor();
    const [, address, jail, host, country, bannedAt, length, origin, state, action] = await cells(row);
    assert.deepEqual(
      { address, jail, host, country, length, origin, state, action },
      {
        address: MANUAL_IP,
        jail: 'sshd',
        host: LOCAL_HOST,
        country: 'United Kingdom',
        length: '10 min',
        origin: 'manual',
        state: 'active',
        action: 'Unban',
      },
    );
    assert.notEqual(bannedAt, '—');
    await shoot('bans');
  });

  step('the address detail shows country, jails and history', async () => {
    await page.getByRole('button', { name: `Details of ${MANUAL_IP}` }).click();
    await waitForPath(`/bans?detail=${encodeURIComponent(MANUAL_IP)}`);
    const dialog = page.getByRole('dialog', { name: MANUAL_IP });
    await dialog.getByText('Country: United Kingdom (GB)', { exact: true }).waitFor();
    assert.deepEqual(await bannedIn(dialog), ['sshd']);
    assert.equal((await dialog.getByRole('button', { name: `Unban ${MANUAL_IP}`, exact: true }).innerText()).trim(), 'Unban everywhere');
    const history = dialog.getByRole('table', { name: `Ban history of ${MANUAL_IP}` }).getByRole('row');
    await until(async () => (await history.count()) === 2, 'one history row under the header');
    const [jail, host, , length, origin, state] = await cells(history.nth(1));
    assert.deepEqual(
      { jail, host, length, origin, state },
      { jail: 'sshd', host: LOCAL_HOST, length: '10 min', origin: 'manual', state: 'active' },
    );
    await shoot('ip-detail');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await waitForPath('/bans');
    await dialog.waitFor({ state: 'detached' });
    await expectPageAccessible();
  });

  step('the dashboard shows the ban in its totals, tables and world map', async () => {
    await nav('Dashboard').click();
    await waitForPath('/');
    await heading('Dashboard').waitFor();
    await expectFigures(page.getByRole('main'), { Bans: '1', 'Distinct addresses': '1', 'Active bans': '1', Countries: '1' }, 'the totals');
    const top = page.getByRole('table', { name: 'Most banned addresses' }).getByRole('row');
    assert.equal(await top.count(), 2);
    const [ip, count, country] = await cells(top.nth(1));
    assert.deepEqual({ ip, count, country }, { ip: MANUAL_IP, count: '1', country: 'United Kingdom' });

    const map = page.getByRole('img', { name: 'Bans by country' });
    await map.waitFor();
    assert.equal(await map.locator('path').count(), await mapShapeCount());
    const shaded = map.locator('path[tabindex="0"]');
    assert.equal(await shaded.count(), 1);
    assert.equal(await shaded.getAttribute('aria-label'), 'United Kingdom: 1 ban from 1 address');
    assert.equal(await shaded.getAttribute('fill'), MOST_BANS_FILL);
    const france = map.locator('path', { has: page.locator('title', { hasText: /^France: no bans$/ }) });
    assert.equal(await france.getAttribute('fill'), NO_BANS_FILL);
    const rendered = (locator) => locator.evaluate((el) => window.getComputedStyle(el).fill);
    assert.equal(await rendered(shaded), 'rgb(158, 27, 66)');
    assert.notEqual(await rendered(france), await rendered(shaded));
    await shaded.hover();
    await page.getByText('United Kingdom: 1 ban from 1 address', { exact: true }).and(page.locator('[aria-live="polite"]')).waitFor();
    await page.getByText('1 ban (log scale)', { exact: true }).waitFor();
  });

  step('a ban fail2ban makes from log lines appears in the live feed without a reload', async () => {
    const feed = page.getByRole('list', { name: 'Latest ban events' });
    const shownIps = () => feed.getByRole('listitem').evaluateAll((items) => items.map((item) => item.children[1]?.textContent));
    // The feed opens with the last archived events: the manual ban so far.
    await feed.getByRole('listitem').filter({ hasText: MANUAL_IP }).waitFor();
    assert.deepEqual(await shownIps(), [MANUAL_IP]);
    await page.evaluate(() => {
      window.e2eSamePage = true;
    });
    await stack.failSshLogin(LOG_IP, 3);
    const item = feed.getByRole('listitem').filter({ hasText: LOG_IP });
    await item.waitFor({ timeout: 60_000 });
    const texts = (await item.locator(':scope > *').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(texts.slice(0, 5), ['Ban', LOG_IP, 'sshd', 'Brazil', `on ${LOCAL_HOST}`]);
    assert.deepEqual(await shownIps(), [LOG_IP, MANUAL_IP]);
    assert.equal(await page.evaluate(() => window.e2eSamePage), true, 'the page was not reloaded');
    assert.deepEqual((await stack.fail2banClient('get', 'sshd', 'banip')).split(/\s+/).sort(), [LOG_IP, MANUAL_IP].sort());

    await page.getByRole('button', { name: 'Refresh' }).click();
    await expectFigures(page.getByRole('main'), { Bans: '2', Countries: '2' }, 'the totals');
    const map = page.getByRole('img', { name: 'Bans by country' });
    await until(async () => (await map.locator('path[tabindex="0"]').count()) === 2, 'two shaded countries');
    assert.equal(await map.getByLabel('Brazil: 1 ban from 1 address', { exact: true }).getAttribute('fill'), MOST_BANS_FILL);
    await shoot('dashboard');
  });

  step('unban the log-triggered ban from the bans page', async () => {
    await page.goto('/bans?active=1');
    await heading('Bans').waitFor();
    const table = page.getByRole('table', { name: 'Bans' });
    const row = table.getByRole('row').filter({ hasText: LOG_IP });
    await row.waitFor({ timeout: 30_000 });
    const [, address, jail, host, country, , length, origin, state] = await cells(row);
    assert.deepEqual(
      { address, jail, host, country, length, origin, state },
      { address: LOG_IP, jail: 'sshd', host: LOCAL_HOST, country: 'Brazil', length: '10 min', origin: 'fail2ban', state: 'active' },
    );
    await row.getByRole('button', { name: `Unban ${LOG_IP} in sshd` }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Unban this address?' });
    await confirm.getByText(`${LOG_IP} will be unbanned in the jail sshd.`).waitFor();
    await confirm.getByRole('button', { name: 'Unban' }).click();
    await page.getByRole('status').getByText(`${LOG_IP} was unbanned in sshd.`, { exact: true }).waitFor();
    await until(async () => (await row.count()) === 0, `${LOG_IP} to leave the active bans`);
    await table.getByRole('row').filter({ hasText: MANUAL_IP }).waitFor();
    assert.equal(await table.getByRole('row').count(), 2);
    assert.equal(await stack.fail2banClient('get', 'sshd', 'banip'), MANUAL_IP);
  });

  step('pages added alongside the dashboard render (when present)', async (t) => {
    for (const name of OPTIONAL_PAGES) {
      await page.goto(`/${name}`);
      const title = page.getByRole('heading', { level: 1 }).first();
      await title.waitFor();
      const text = (await title.innerText()).trim();
      if (text === 'Page not found') {
        notCovered.push(name);
        t.diagnostic(`/${name} is not a page yet`);
        continue;
      }
      await expectLoaded(`/${name}`);
      present.add(name);
      await shoot(name);
    }
  });

  step('an ADMIN adds a blocklist source, previews it with a dry run and imports it', async () => {
    assert.ok(present.has('blocklists'), 'the blocklists page renders');
    await page.goto('/blocklists');
    await heading('Blocklists').waitFor();
    await page.getByText('No blocklist sources yet.', { exact: true }).waitFor();
    assert.deepEqual(await sourceControls(), []);
    await page.getByRole('button', { name: 'Add a source' }).click();
    const form = page.getByRole('dialog').getByRole('form', { name: 'Add a blocklist source' });
    await field(form, 'Name').fill(BLOCKLIST.name);
    await field(form, 'URL').fill(list.url);
    await field(form, 'Jail').fill(BLOCKLIST.jail);
    // Not on schedule, so that only the runs started here import it.
    await form.getByRole('switch', { name: 'Import on schedule' }).uncheck();
    await form.getByRole('button', { name: 'Add source' }).click();
    await page.getByRole('status').getByText(`Added ${BLOCKLIST.name}.`, { exact: true }).waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expectPageAccessible();
    const row = page.getByRole('table', { name: 'Blocklist sources' }).getByRole('row').filter({ hasText: BLOCKLIST.name });
    await row.waitFor();
    const [name, url, jail, host, schedule, allowlist, lastRun] = await cells(row);
    assert.deepEqual(
      { name, url, jail, host, schedule, allowlist, lastRun },
      {
        name: BLOCKLIST.name,
        url: list.url,
        jail: BLOCKLIST.jail,
        host: LOCAL_HOST,
        schedule: 'disabled',
        allowlist: 'none',
        lastRun: 'never',
      },
    );
    // The pattern the VIEWER check relies on finds every control of the source.
    assert.deepEqual(await sourceControls(), [
      `Run now: ${BLOCKLIST.name}`,
      `Dry run of ${BLOCKLIST.name}`,
      `Edit ${BLOCKLIST.name}`,
      `Delete ${BLOCKLIST.name}`,
    ]);
    const listed = {
      Downloaded: `${Buffer.byteLength(BLOCKLIST.body)} B`,
      Entries: '4',
      'Invalid lines': '1',
      Skipped: '1',
      'Valid addresses': '2',
      'Already banned': '0',
    };

    await row.getByRole('button', { name: `Dry run of ${BLOCKLIST.name}` }).click();
    const dryRun = page.getByRole('region', { name: `Dry run of ${BLOCKLIST.name}` });
    await dryRun.getByText('Dry run finished.', { exact: true }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await figures(dryRun), {
      ...listed,
      'Would ban': '2',
      'Would unban': '0',
    });
    const wouldBan = dryRun.getByRole('list', { name: 'Would ban 2 addresses', exact: true });
    assert.deepEqual(
      (await wouldBan.getByRole('listitem').allInnerTexts()).map((t) => t.trim()),
      BLOCKLIST.fresh,
    );
    await dryRun.getByText('Nothing to unban.', { exact: true }).waitFor();
    assert.equal(await stack.fail2banClient('get', BLOCKLIST.jail, 'banip'), '', 'a dry run bans nothing');
    await dryRun.getByRole('button', { name: `Close Dry run of ${BLOCKLIST.name}` }).click();

    await row.getByRole('button', { name: `Run now: ${BLOCKLIST.name}` }).click();
    const run = page.getByRole('region', { name: `Import of ${BLOCKLIST.name}` });
    await run.getByText('Import finished.', { exact: true }).waitFor({ timeout: 60_000 });
    await run.getByText('completed', { exact: true }).waitFor();
    assert.equal(await run.getByRole('progressbar').getAttribute('aria-valuenow'), '1');
    assert.deepEqual(await figures(run), {
      ...listed,
      'New bans': '2',
      Unbanned: '0',
    });
    assert.deepEqual((await stack.fail2banClient('get', BLOCKLIST.jail, 'banip')).split(/\s+/).sort(), [...BLOCKLIST.fresh].sort());
    assert.equal(await stack.fail2banClient('get', 'sshd', 'banip'), MANUAL_IP);
    assert.equal(list.downloads(), 2);
    await shoot('blocklists-import');
  });

  step('a VIEWER sees no ban, unban or settings controls', async (t) => {
    const session = await token();
    const created = await createViewer(session, t);
    assert.equal(created, 'VIEWER');
    await page.goto('/');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForPath('/login');
    await signIn(VIEWER);
    await waitForPath('/');
    await heading('Dashboard').waitFor();
    await expectSignedInAs(VIEWER, 'VIEWER');

    await nav('Jails').click();
    await heading('Jails').waitFor();
    await jailCard('sshd').getByText('Ban time: 10 min', { exact: true }).waitFor();
    assert.equal(await page.getByRole('form', { name: 'Ban an address' }).count(), 0);
    assert.equal(await page.getByRole('form', { name: /^Settings of / }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^(Start|Stop|Reload) / }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Save settings' }).count(), 0);
    assert.equal(await field(page, 'Add to ignore list').count(), 0);

    await nav('Bans').click();
    await heading('Bans').waitFor();
    const table = page.getByRole('table', { name: 'Bans' });
    await table.getByRole('row').filter({ hasText: MANUAL_IP }).waitFor();
    assert.equal(await table.getByRole('columnheader', { name: 'Action' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^Unban/ }).count(), 0);
    await page.getByRole('button', { name: `Details of ${MANUAL_IP}` }).click();
    const dialog = page.getByRole('dialog', { name: MANUAL_IP });
    await dialog.getByText('Country: United Kingdom (GB)', { exact: true }).waitFor();
    assert.deepEqual(await bannedIn(dialog), ['sshd']);
    assert.equal(await dialog.getByRole('button', { name: /^Unban/ }).count(), 0);
    await page.keyboard.press('Escape');
    await waitForPath('/bans');
    await dialog.waitFor({ state: 'detached' });
    await expectPageAccessible();

    for (const [name, label] of Object.entries(ADMIN_ONLY)) {
      assert.equal(await nav(label).count(), 0, `no "${label}" link for a VIEWER`);
      if (!present.has(name)) continue;
      await page.goto(`/${name}`);
      await heading('Not available').waitFor();
      await page.getByText('This page needs the ADMIN role', { exact: true }).waitFor();
    }
    // The VIEWER sees the source of the import above, without its controls.
    await page.goto('/blocklists');
    await heading('Blocklists').waitFor();
    const sources = page.getByRole('table', { name: 'Blocklist sources' });
    const row = sources.getByRole('row').filter({ hasText: BLOCKLIST.name });
    await row.waitFor();
    const [name, , jail] = await cells(row);
    assert.deepEqual({ name, jail }, { name: BLOCKLIST.name, jail: BLOCKLIST.jail });
    assert.equal(await sources.getByRole('columnheader', { name: 'Actions' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Add a source' }).count(), 0);
    assert.deepEqual(await sourceControls(), []);
  });

  step('closing the address dialog gives the page back to assistive technology', async () => {
    await page.goto('/bans');
    await page.getByRole('button', { name: `Details of ${MANUAL_IP}` }).click();
    const dialog = page.getByRole('dialog', { name: MANUAL_IP });
    await dialog.getByText('Country: United Kingdom (GB)', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await waitForPath('/bans');
    await dialog.waitFor({ state: 'detached' });
    await expectPageAccessible();
    await page.getByRole('button', { name: `Details of ${MANUAL_IP}` }).waitFor();
  });

  step('the viewer signs out and the admin signs in again', async () => {
    await page.goto('/');
    await expectSignedInAs(VIEWER, 'VIEWER');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForPath('/login');
    await signIn(ADMIN);
    await waitForPath('/');
    await expectSignedInAs(ADMIN, 'ADMIN');
  });

  step('the GraphiQL playground loads the schema and runs a query with the session', async () => {
    await page.goto('/playground');
    await waitForPath('/playground');
    await page.locator('.graphiql-container').waitFor();

    // The documentation explorer needs the schema, which GraphiQL reads by introspection.
    const toggle = page.getByRole('button', { name: /^(Show|Hide) Documentation Explorer$/ });
    await toggle.waitFor();
    if ((await toggle.getAttribute('aria-label')) === 'Show Documentation Explorer') await toggle.click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByRole('link', { name: 'Query', exact: true }).click();
    await docs.locator('.graphiql-doc-explorer-title').getByText('Query', { exact: true }).waitFor();
    await docs.getByRole('link', { name: 'viewer', exact: true }).waitFor();
    assert.equal(await page.getByText('Error fetching schema').count(), 0, 'GraphiQL says "Error fetching schema"');

    const editor = page.locator('.graphiql-query-editor .monaco-editor');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('{ viewer { username role } }');
    // The editor may have closed the first brace itself: drop whatever follows the cursor.
    await page.keyboard.press('ControlOrMeta+Shift+End');
    await page.keyboard.press('Delete');
    await page.getByRole('button', { name: /^Execute query/ }).click();
    const response = page.locator('.graphiql-response');
    const expected = '{ "data": { "viewer": { "username": "admin", "role": "ADMIN" } } }';
    await until(
      async () => (await response.innerText()).replace(/\s+/g, ' ').trim() === expected,
      `the response ${expected}`,
    );
    await shoot('playground');
  });

  step("every page fits a phone's width", async () => {
    const previous = page.viewportSize();
    await page.setViewportSize(PHONE);
    await page.goto('/');
    await heading('Dashboard').waitFor();
    await expectSignedInAs(ADMIN, 'ADMIN');
    const header = page.getByRole('banner');
    // Every page is reached through the header, which must stay on screen and usable.
    for (const [name, { path: address, heading: title, link }] of Object.entries(PAGES)) {
      await header.getByRole('link', { name: link, exact: true }).click();
      await waitForPath(address);
      await heading(title).waitFor();
      await expectLoaded(address);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      assert.equal(innerWidth, PHONE.width);
      assert.ok(scrollWidth <= innerWidth, `${address} is ${scrollWidth} px wide in a ${innerWidth} px window`);
      assert.deepEqual(await controlsPastEdge(), [], `controls of ${address} past the ${innerWidth} px window`);
      const controls = [
        ...(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').all()),
        header.getByRole('link', { name: PAGES.account.link, exact: true }),
        themeButton('dark'),
        header.getByRole('button', { name: 'Sign out', exact: true }),
      ];
      assert.equal(controls.length, 15, 'eleven page links, the playground, the account link and two buttons');
      for (const control of controls) {
        const label = (await control.getAttribute('aria-label')) ?? (await control.innerText()).trim();
        assert.ok(await control.isVisible(), `"${label}" is visible on ${address}`);
        const box = await control.boundingBox();
        assert.ok(
          box.x >= 0 && box.x + box.width <= innerWidth,
          `"${label}" spans ${box.x}–${box.x + box.width} px on ${address}, outside the ${innerWidth} px window`,
        );
      }
      await shoot(`phone-${name}`);
    }
    await page.setViewportSize(previous);
  });

  step('the dark theme', async () => {
    await page.goto('/');
    await heading('Dashboard').waitFor();
    await expectSignedInAs(ADMIN, 'ADMIN');
    assert.equal(await savedTheme(), null, 'no theme chosen yet');
    const light = await appBackground();
    assert.ok(luminance(light) > 0.8, `the light background ${light} has luminance ${luminance(light)}`);

    await themeButton('dark').click();
    await themeButton('light').waitFor();
    const dark = await until(async () => {
      const color = await appBackground();
      return color !== light && color;
    }, `the background to change from ${light}`);
    assert.ok(luminance(dark) < 0.2, `the dark background ${dark} has luminance ${luminance(dark)}`);
    assert.equal(await savedTheme(), 'dark');

    // The choice is remembered in localStorage, so a reload keeps it.
    await page.reload();
    await heading('Dashboard').waitFor();
    await themeButton('light').waitFor();
    assert.equal(await appBackground(), dark);
    await expectLoaded('the dashboard');
    await page.getByRole('img', { name: 'Bans by country' }).waitFor();
    // Links take the theme's link colour: readable on the dark background (WCAG AA).
    const link = page.getByRole('table', { name: 'Most banned addresses' }).getByRole('link', { name: MANUAL_IP });
    const linkColor = await link.evaluate((a) => getComputedStyle(a).color);
    assert.ok(contrast(linkColor, dark) >= 4.5, `the link ${linkColor} on ${dark} has contrast ${contrast(linkColor, dark).toFixed(2)}`);
    await shoot('dark-dashboard');

    await nav('Jails').click();
    await waitForPath('/jails');
    await heading('Jails').waitFor();
    await expectFigures(jailCard('sshd'), { 'Banned now': '1', 'Banned in total': '2' }, 'the sshd card');
    await expectLoaded('the jails page');
    assert.equal(await appBackground(), dark);
    await shoot('dark-jails');

    await themeButton('light').click();
    await themeButton('dark').waitFor();
    assert.equal(await appBackground(), light);
    assert.equal(await savedTheme(), 'light');
  });

  // Last: fail2ban stays down afterwards.
  step('a banner says so as soon as fail2ban stops answering', async () => {
    await page.goto('/jails');
    await heading('Jails').waitFor();
    const banner = page.getByRole('alert').filter({ hasText: 'fail2ban is not reachable' });
    assert.equal(await banner.count(), 0, 'no banner while fail2ban answers');
    await stack.fail2banClient('stop');
    // The server pushes the change (it probes every 2 s): no reload, no 30 s poll.
    await banner.waitFor({ timeout: 10_000 });
    assert.match(await banner.innerText(), /Bans and jail changes are unavailable; history is still shown\./);
    await shoot('fail2ban-unreachable');
  });

  /**
   * Creates the viewer account: on the Users page when it offers a form, else through
   * the API with the admin's session. Returns the role the server then reports.
   */
  async function createViewer(session, t) {
    await page.goto('/users');
    const title = page.getByRole('heading', { level: 1 }).first();
    await title.waitFor();
    const form = page.getByRole('form', { name: 'Add a user' });
    if ((await title.innerText()).trim() === 'Users' && (await form.count()) === 1) {
      await field(form, 'Username').fill(VIEWER.username);
      await field(form, 'Password').fill(VIEWER.password);
      await field(form, 'Repeat password').fill(VIEWER.password);
      await field(form, 'Role').selectOption('VIEWER');
      await form.getByRole('button', { name: 'Add user' }).click();
      await page.getByText(`Added ${VIEWER.username}.`, { exact: true }).waitFor();
      t.diagnostic('viewer created on the Users page');
    } else {
      const body = await graphql(
        stack.url,
        'mutation($u: String!, $p: String!) { createUser(username: $u, password: $p, role: VIEWER) { role } }',
        { u: VIEWER.username, p: VIEWER.password },
        session,
      );
      assert.deepEqual(body, { data: { createUser: { role: 'VIEWER' } } });
      t.diagnostic('viewer created through the API (no Users page yet)');
    }
    const users = await graphql(stack.url, '{ users { username role } }', {}, session);
    return users.data.users.find((u) => u.username === VIEWER.username)?.role;
  }
});
