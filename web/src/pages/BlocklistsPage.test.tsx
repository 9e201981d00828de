// @vitest-environment jsdom
// Tests the blocklists page: sources and controls by role, the source form and its host, runs with live progress,
// the import log.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { BlocklistsPage } from './BlocklistsPage';
import { ADMIN, OPERATOR, VIEWER, apiError, renderWithApi, variablesOf } from '../test/renderWithApi';
import type { SentOperation } from '../test/renderWithApi';
import { figuresIn } from '../test/figures';
import { formatDateTime } from '../lib/format';

const spamhausRef = { __typename: 'BlocklistSource', id: '1', name: 'Spamhaus DROP' };

const importRun = (fields: Record<string, unknown> = {}) => ({
  __typename: 'ImportRun',
  id: '41',
  status: 'COMPLETED',
  dryRun: false,
  createdAt: '2024-03-10T12:00:00Z',
  startedAt: '2024-03-10T12:00:01Z',
  finishedAt: '2024-03-10T12:00:09Z',
  downloadedBytes: 20480,
  parsedLines: 1000,
  validIps: 950,
  newBans: 900,
  alreadyBanned: 50,
  skipped: 40,
  invalidLines: 10,
  unbanned: 0,
  error: null,
  source: spamhausRef,
  ...fields,
});

const ZERO = {
  startedAt: null,
  finishedAt: null,
  downloadedBytes: 0,
  parsedLines: 0,
  validIps: 0,
  newBans: 0,
  alreadyBanned: 0,
  skipped: 0,
  invalidLines: 0,
  unbanned: 0,
};

const detail = (fields: Record<string, unknown> = {}) => ({ ...importRun(fields), wouldBan: [], wouldUnban: [], ...fields });

const spamhaus = {
  ...spamhausRef,
  url: 'https://www.spamhaus.org/drop/drop.txt',
  jail: 'recidive',
  host: 'bastion',
  enabled: true,
  intervalMinutes: 720,
  allowlist: ['203.0.113.0/24'],
  unbanRemoved: false,
  createdAt: '2024-03-01T09:00:00Z',
  lastRun: importRun(),
};

const firehol = {
  __typename: 'BlocklistSource',
  id: '2',
  name: 'FireHOL level 1',
  url: 'https://iplists.firehol.org/files/firehol_level1.netset',
  jail: 'sshd',
  host: 'web-1',
  enabled: false,
  intervalMinutes: 1440,
  allowlist: [],
  unbanRemoved: true,
  createdAt: '2024-03-02T09:00:00Z',
  lastRun: null,
};

const pageInfo = (fields: Record<string, unknown>) => ({
  __typename: 'PageInfo',
  hasNextPage: false,
  hasPreviousPage: false,
  startCursor: null,
  endCursor: null,
  ...fields,
});

const importRuns = (variables: Record<string, unknown>) =>
  variables.after === 'c20'
    ? {
        importRuns: {
          __typename: 'ImportRunConnection',
          nodes: [importRun({ id: '21', status: 'FAILED', error: 'HTTP 503 from the server' })],
          pageInfo: pageInfo({ hasPreviousPage: true, startCursor: 'c21', endCursor: 'c21' }),
        },
      }
    : {
        importRuns: {
          __typename: 'ImportRunConnection',
          nodes: [importRun(), importRun({ id: '40', dryRun: true, newBans: 3, createdAt: '2024-03-09T12:00:00Z' })],
          pageInfo: pageInfo({ hasNextPage: true, startCursor: 'c1', endCursor: 'c20' }),
        },
      };

const answers = {
  BlocklistSources: { blocklistSources: [firehol, spamhaus].sort((a, b) => a.name.localeCompare(b.name)) },
  RecentImportSources: {
    importRuns: {
      __typename: 'ImportRunConnection',
      nodes: [importRun({ id: '44', status: 'RUNNING', finishedAt: null, source: spamhaus }), importRun({ source: spamhaus })],
    },
  },
  ImportRuns: importRuns,
  JailNames: {
    jails: [
      { __typename: 'Jail', name: 'recidive' },
      { __typename: 'Jail', name: 'sshd' },
    ],
  },
};

const host = (id: string, name: string, local: boolean) => ({ __typename: 'Host', id, name, local });
const twoHosts = { hosts: [host('1', 'bastion', true), host('2', 'web-1', false)] };

const cellsOf = (name: string) =>
  within(screen.getByRole('row', { name: new RegExp(`^${name}`) }))
    .getAllByRole('cell')
    .map((cell) => cell.textContent);

afterEach(cleanup);

describe('BlocklistsPage sources', () => {
  it('shows an ADMIN every source with its settings, host, last run and controls', () => {
    const { sent } = renderWithApi(<BlocklistsPage />, { viewer: ADMIN, answers });
    expect(cellsOf('Spamhaus DROP')).toEqual([
      'Spamhaus DROP',
      'https://www.spamhaus.org/drop/drop.txt',
      'recidive',
      'bastion',
      'every 12 h',
      '203.0.113.0/24',
      `completed${formatDateTime('2024-03-10T12:00:09Z')}`,
      'Run nowDry runEditDelete',
    ]);
    expect(cellsOf('FireHOL level 1')).toEqual([
      'FireHOL level 1',
      'https://iplists.firehol.org/files/firehol_level1.netset',
      'sshd',
      'web-1',
      'disabledunbans removed entries',
      'none',
      'never',
      'Run nowDry runEditDelete',
    ]);
    expect(screen.getByRole('button', { name: 'Add a source' })).toBeTruthy();
    expect(variablesOf(sent, 'BlocklistSources')).toHaveLength(1);
    expect(variablesOf(sent, 'RecentImportSources')).toHaveLength(0);
  });

  it('gives an OPERATOR the sources of the latest imports with run buttons only', () => {
    const { sent } = renderWithApi(<BlocklistsPage />, { viewer: OPERATOR, answers });
    expect(variablesOf(sent, 'BlocklistSources')).toHaveLength(0);
    expect(variablesOf(sent, 'RecentImportSources')).toEqual([{ first: 100 }]);
    expect(screen.getByText('The sources of the latest 100 imports. Every source and its settings are shown to an ADMIN.')).toBeTruthy();
    expect(cellsOf('Spamhaus DROP').slice(2, 4)).toEqual(['recidive', 'bastion']);
    expect(cellsOf('Spamhaus DROP').slice(6)).toEqual([`running${formatDateTime('2024-03-10T12:00:01Z')}`, 'Run nowDry run']);
    expect(screen.queryByRole('row', { name: /^FireHOL/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^(Edit|Delete) / })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add a source' })).toBeNull();
  });

  it('gives a VIEWER no controls at all', () => {
    renderWithApi(<BlocklistsPage />, { viewer: VIEWER, answers });
    expect(screen.getByRole('table', { name: 'Blocklist sources' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^(Run now: .*|Dry run of .*|Edit .*|Delete .*|Add a source)$/ })).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
  });

  it('shows the empty and the error state', () => {
    renderWithApi(<BlocklistsPage />, { viewer: ADMIN, answers: { ...answers, BlocklistSources: { blocklistSources: [] } } });
    expect(screen.getByText('No blocklist sources yet.')).toBeTruthy();
    cleanup();
    renderWithApi(<BlocklistsPage />, {
      viewer: ADMIN,
      answers: { ...answers, BlocklistSources: apiError('database is locked', 'DATABASE_BUSY') },
    });
    expect(screen.getByRole('alert').textContent).toBe('Something went wrongThe database is busy. Please try again.Retry');
  });
});

describe('BlocklistsPage source form', () => {
  it('checks the form before sending it', () => {
    const { sent } = renderWithApi(<BlocklistsPage />, { viewer: ADMIN, answers });
    fireEvent.click(screen.getByRole('button', { name: 'Add a source' }));
    const form = within(screen.getByRole('form', { name: 'Add a blocklist source' }));
    fireEvent.change(form.getByLabelText(/^URL/), { target: { value: 'ftp://example.org/list.txt' } });
    fireEvent.change(form.getByLabelText(/^Interval/), { target: { value: '2' } });
    fireEvent.change(form.getByLabelText('Allowlist'), { target: { value: '10.0.0.0/8\nnot-an-ip' } });
    fireEvent.click(form.getByRole('button', { name: 'Add source' }));
    expect(form.getByText('A name of 1 to 100 characters.')).toBeTruthy();
    expect(form.getByText('An http:// or https:// address, like https://example.org/list.txt.')).toBeTruthy();
    expect(form.getByText('A jail name: letters, digits, - _ . or @.')).toBeTruthy();
    expect(form.getByText('A whole number of minutes from 5 to 527040.')).toBeTruthy();
    expect(form.getByText('Not an IP address or CIDR network: line 2 (not-an-ip).')).toBeTruthy();
    expect(variablesOf(sent, 'CreateBlocklistSource')).toHaveLength(0);
  });

  it('suggests each jail once, whichever hosts run it', () => {
    const jails = [
      { __typename: 'Jail', name: 'recidive', host: 'bastion' },
      { __typename: 'Jail', name: 'sshd', host: 'bastion' },
      { __typename: 'Jail', name: 'sshd', host: 'web-1' },
    ];
    renderWithApi(<BlocklistsPage />, { viewer: ADMIN, answers: { ...answers, JailNames: { jails } } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a source' }));
    const list = document.getElementById(screen.getByLabelText(/^Jail/).getAttribute('list') ?? '');
    expect([...(list?.querySelectorAll('option') ?? [])].map((option) => option.value)).toEqual(['recidive', 'sshd']);
  });

  it('adds a source and says so', async () => {
    const { sent } = renderWithApi(<BlocklistsPage />, {
      viewer: ADMIN,
      answers: { ...answers, CreateBlocklistSource: { createBlocklistSource: { ...firehol, id: '3', name: 'abuse.ch' } } },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add a source' }));
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'abuse.ch' } });
    fireEvent.change(screen.getByLabelText(/^URL/), { target: { value: 'https://feodotracker.abuse.ch/downloads/ipblocklist.txt' } });
    fireEvent.change(screen.getByLabelText(/^Jail/), { target: { value: 'sshd' } });
    fireEvent.change(screen.getByLabelText(/^Interval/), { target: { value: '60' } });
    fireEvent.change(screen.getByLabelText('Allowlist'), { target: { value: '192.0.2.0/24\n' } });
    fireEvent.click(screen.getByLabelText('Unban addresses that leave the list'));
    fireEvent.click(screen.getByRole('button', { name: 'Add source' }));
    expect((await screen.findByRole('status')).textContent).toBe('Added abuse.ch.Dismiss');
    expect(variablesOf(sent, 'CreateBlocklistSource')).toEqual([
      {
        input: {
          name: 'abuse.ch',
          url: 'https://feodotracker.abuse.ch/downloads/ipblocklist.txt',
          jail: 'sshd',
          enabled: true,
          intervalMinutes: 60,
          allowlist: ['192.0.2.0/24'],
          unbanRemoved: true,
          host: null,
        },
      },
    ]);
    expect(screen.queryByRole('form', { name: 'Add a blocklist source' })).toBeNull();
  });

  /** Opens the form to add a source, fills its required fields and returns the form. */
  const fillNewSource = () => {
    fireEvent.click(screen.getByRole('button', { name: 'Add a source' }));
    const form = within(screen.getByRole('form', { name: 'Add a blocklist source' }));
    fireEvent.change(form.getByLabelText(/^Name/), { target: { value: 'abuse.ch' } });
    fireEvent.change(form.getByLabelText(/^URL/), { target: { value: 'https://feodotracker.abuse.ch/downloads/ipblocklist.txt' } });
    fireEvent.change(form.getByLabelText(/^Jail/), { target: { value: 'sshd' } });
    return form;
  };
  const newSource = { name: 'abuse.ch', url: 'https://feodotracker.abuse.ch/downloads/ipblocklist.txt', jail: 'sshd' };
  const created = { createBlocklistSource: { ...firehol, id: '3', name: 'abuse.ch' } };
  /** The input of each CreateBlocklistSource sent. */
  const sentInput = (sent: readonly SentOperation[]) =>
    variablesOf(sent, 'CreateBlocklistSource').map((variables) => variables.input as Record<string, unknown>);

  it('adds a source on the local host without a host picker when there is one host', async () => {
    const { sent } = renderWithApi(<BlocklistsPage />, {
      viewer: ADMIN,
      answers: { ...answers, Hosts: { hosts: [host('1', 'bastion', true)] }, CreateBlocklistSource: created },
    });
    const form = fillNewSource();
    expect(form.queryByLabelText('Host')).toBeNull();
    fireEvent.click(form.getByRole('button', { name: 'Add source' }));
    expect((await screen.findByRole('status')).textContent).toBe('Added abuse.ch.Dismiss');
    expect(sentInput(sent)).toEqual([
      { ...newSource, enabled: true, intervalMinutes: 1440, allowlist: [], unbanRemoved: false, host: null },
    ]);
  });

  it('offers the hosts, the local one first and chosen, and adds a source on the host chosen', async () => {
    const { sent } = renderWithApi(<BlocklistsPage />, { viewer: ADMIN, answers: { ...answers, Hosts: twoHosts, CreateBlocklistSource: created } });
    const form = fillNewSource();
    const picker = form.getByLabelText('Host') as HTMLSelectElement;
    expect([...picker.options].map((option) => option.textContent)).toEqual(['bastion', 'web-1']);
    expect(picker.value).toBe('bastion');
    fireEvent.change(picker, { target: { value: 'web-1' } });
    expect(picker.value).toBe('web-1');
    fireEvent.click(form.getByRole('button', { name: 'Add source' }));
    expect((await screen.findByRole('status')).textContent).toBe('Added abuse.ch.Dismiss');
    expect(sentInput(sent)).toEqual([
      { ...newSource, enabled: true, intervalMinutes: 1440, allowlist: [], unbanRemoved: false, host: 'web-1' },
    ]);
  });

  it('sends no host for the local host chosen again', async () => {
    const { sent } = renderWithApi(<BlocklistsPage />, { viewer: ADMIN, answers: { ...answers, Hosts: twoHosts, CreateBlocklistSource: created } });
    const form = fillNewSource();
    fireEvent.change(form.getByLabelText('Host'), { target: { value: 'web-1' } });
    fireEvent.change(form.getByLabelText('Host'), { target: { value: 'bastion' } });
    fireEvent.click(form.getByRole('button', { name: 'Add source' }));
    await screen.findByRole('status');
    expect(sentInput(sent).map((input) => input.host)).toEqual([null]);
  });

  it('names the first host on a hub without a fail2ban of its own', async () => {
    const { sent } = renderWithApi(<BlocklistsPage />, {
      viewer: ADMIN,
      answers: { ...answers, Hosts: { hosts: [host('2', 'alpha', false), host('3', 'beta', false)] }, CreateBlocklistSource: created },
    });
    const form = fillNewSource();
    const picker = form.getByLabelText('Host') as HTMLSelectElement;
    expect([...picker.options].map((option) => option.textContent)).toEqual(['alpha', 'beta']);
    expect(picker.value).toBe('alpha');
    fireEvent.click(form.getByRole('button', { name: 'Add source' }));
    await screen.findByRole('status');
    expect(sentInput(sent).map((input) => input.host)).toEqual(['alpha']);
  });

  it("keeps the dialog open with the server's message when it refuses the source", async () => {
    renderWithApi(<BlocklistsPage />, {
      viewer: ADMIN,
      answers: { ...answers, UpdateBlocklistSource: apiError('fail2ban has no jail named "nope"', 'BAD_USER_INPUT') },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Edit Spamhaus DROP' }));
    const form = within(screen.getByRole('form', { name: 'Edit Spamhaus DROP' }));
    fireEvent.change(form.getByLabelText(/^Jail/), { target: { value: 'nope' } });
    fireEvent.click(form.getByRole('button', { name: 'Save' }));
    expect((await form.findByRole('alert')).textContent).toBe('Not savedfail2ban has no jail named "nope"');
  });

  it('edits a source with all of its settings', async () => {
    const { sent } = renderWithApi(<BlocklistsPage />, {
      viewer: ADMIN,
      answers: { ...answers, Hosts: twoHosts, UpdateBlocklistSource: { updateBlocklistSource: spamhaus } },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Edit Spamhaus DROP' }));
    const form = within(screen.getByRole('form', { name: 'Edit Spamhaus DROP' }));
    expect((form.getByLabelText(/^URL/) as HTMLInputElement).value).toBe('https://www.spamhaus.org/drop/drop.txt');
    const hostField = form.getByLabelText('Host') as HTMLInputElement;
    expect([hostField.tagName, hostField.value, hostField.readOnly]).toEqual(['INPUT', 'bastion', true]);
    expect(form.getByText("A source's host does not change: add a source for another host.")).toBeTruthy();
    expect(form.queryByRole('combobox', { name: 'Host' })).toBeNull();
    expect((form.getByLabelText('Allowlist') as HTMLTextAreaElement).value).toBe('203.0.113.0/24');
    fireEvent.change(form.getByLabelText(/^Interval/), { target: { value: '1440' } });
    fireEvent.click(form.getByRole('switch', { name: 'Import on schedule' }));
    fireEvent.click(form.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved Spamhaus DROP.Dismiss');
    expect(variablesOf(sent, 'UpdateBlocklistSource')).toEqual([
      {
        id: '1',
        input: {
          name: 'Spamhaus DROP',
          url: 'https://www.spamhaus.org/drop/drop.txt',
          jail: 'recidive',
          enabled: false,
          intervalMinutes: 1440,
          allowlist: ['203.0.113.0/24'],
          unbanRemoved: false,
          host: null,
        },
      },
    ]);
  });

  it('deletes a source after confirmation', async () => {
    const { sent } = renderWithApi(<BlocklistsPage />, {
      viewer: ADMIN,
      answers: { ...answers, DeleteBlocklistSource: { deleteBlocklistSource: true } },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Delete FireHOL level 1' }));
    const dialog = within(screen.getByRole('alertdialog'));
    expect(dialog.getByText('FireHOL level 1 and its import log will be deleted. The bans it caused stay.')).toBeTruthy();
    expect(variablesOf(sent, 'DeleteBlocklistSource')).toHaveLength(0);
    fireEvent.click(dialog.getByRole('button', { name: 'Delete' }));
    expect((await screen.findByRole('status')).textContent).toBe('Deleted FireHOL level 1 and its import log.Dismiss');
    expect(variablesOf(sent, 'DeleteBlocklistSource')).toEqual([{ id: '2' }]);
  });
});

describe('BlocklistsPage runs', () => {
  it('follows a run with a progress bar driven by importProgress', async () => {
    const { sent, emit } = renderWithApi(<BlocklistsPage />, {
      viewer: OPERATOR,
      answers: { ...answers, ImportBlocklist: { importBlocklist: detail({ id: '42', status: 'PENDING', ...ZERO }) } },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Run now: Spamhaus DROP' }));
    const region = await screen.findByRole('region', { name: 'Import of Spamhaus DROP' });
    const card = within(region);
    expect(variablesOf(sent, 'ImportBlocklist')).toEqual([{ sourceId: '1', dryRun: false }]);
    expect(variablesOf(sent, 'ImportProgress')).toEqual([{ runId: '42' }]);
    expect(card.getByRole('progressbar').getAttribute('aria-valuenow')).toBeNull();
    expect(card.getByText('Waiting for a worker…')).toBeTruthy();

    emit('ImportProgress', {
      importProgress: detail({
        id: '42',
        status: 'RUNNING',
        ...ZERO,
        downloadedBytes: 1536,
        parsedLines: 1200,
        validIps: 800,
        newBans: 200,
        alreadyBanned: 100,
      }),
    });
    expect(card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0.375');
    expect(card.getByText('300 of 800 addresses handled')).toBeTruthy();
    expect(figuresIn(region)).toEqual({
      Downloaded: '1.5 KiB',
      Entries: '1,200',
      'Invalid lines': '0',
      Skipped: '0',
      'Valid addresses': '800',
      'New bans': '200',
      'Already banned': '100',
      Unbanned: '0',
    });

    const refetchesBefore = variablesOf(sent, 'ImportRuns').length;
    emit('ImportProgress', {
      importProgress: detail({
        id: '42',
        status: 'COMPLETED',
        ...ZERO,
        downloadedBytes: 1536,
        parsedLines: 1200,
        validIps: 800,
        newBans: 700,
        alreadyBanned: 100,
      }),
    });
    expect(card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('1');
    expect(card.getByText('Import finished.')).toBeTruthy();
    expect(figuresIn(region)['New bans']).toBe('700');
    await waitFor(() => expect(variablesOf(sent, 'ImportRuns').length).toBe(refetchesBefore + 1));
    expect(variablesOf(sent, 'RecentImportSources')).toHaveLength(2);
    fireEvent.click(card.getByRole('button', { name: 'Close Import of Spamhaus DROP' }));
    expect(screen.queryByRole('region', { name: 'Import of Spamhaus DROP' })).toBeNull();
  });

  it('shows what a dry run would ban and unban', async () => {
    const { sent, emit } = renderWithApi(<BlocklistsPage />, {
      viewer: ADMIN,
      answers: { ...answers, ImportBlocklist: { importBlocklist: detail({ id: '43', status: 'PENDING', dryRun: true, ...ZERO }) } },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Dry run of Spamhaus DROP' }));
    const region = await screen.findByRole('region', { name: 'Dry run of Spamhaus DROP' });
    const card = within(region);
    expect(variablesOf(sent, 'ImportBlocklist')).toEqual([{ sourceId: '1', dryRun: true }]);
    emit('ImportProgress', {
      importProgress: detail({
        id: '43',
        status: 'COMPLETED',
        dryRun: true,
        ...ZERO,
        parsedLines: 400,
        validIps: 380,
        newBans: 150,
        alreadyBanned: 230,
        unbanned: 0,
        wouldBan: ['198.51.100.1', '198.51.100.2'],
      }),
    });
    expect(card.getByText('Dry run finished.')).toBeTruthy();
    expect(figuresIn(region)).toMatchObject({ 'Would ban': '150', 'Already banned': '230', 'Would unban': '0' });
    const list = card.getByRole('list', { name: 'Would ban 150 addresses' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['198.51.100.1', '198.51.100.2']);
    expect(card.getByText('The first 2 are listed.')).toBeTruthy();
    expect(card.getByText('Would unban 0 addresses')).toBeTruthy();
    expect(card.getByText('Nothing to unban.')).toBeTruthy();
  });

  it('shows why a run was refused', async () => {
    renderWithApi(<BlocklistsPage />, {
      viewer: ADMIN,
      answers: { ...answers, ImportBlocklist: apiError('fail2ban is down', 'FAIL2BAN_UNAVAILABLE') },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Run now: FireHOL level 1' }));
    expect((await screen.findByRole('status')).textContent).toBe(
      'FireHOL level 1 was not imported: fail2ban is not reachable right now.Dismiss',
    );
    expect(screen.queryByRole('region')).toBeNull();
  });
});

describe('BlocklistsPage import log', () => {
  it('lists runs and pages with the cursors', () => {
    const { sent } = renderWithApi(<BlocklistsPage />, { viewer: VIEWER, answers });
    const log = within(screen.getByRole('table', { name: 'Import log' }));
    expect(
      log
        .getAllByRole('row')
        .slice(1)
        .map((row) => within(row).getAllByRole('cell')[1]?.textContent),
    ).toEqual(['Spamhaus DROP', 'Spamhaus DROP']);
    expect(Array.from(log.getAllByRole('row')[1]!.querySelectorAll('td'), (cell) => cell.textContent).slice(2, 10)).toEqual([
      'completed',
      '20 KiB',
      '950',
      '900',
      '50',
      '40',
      '10',
      '0',
    ]);
    const pages = within(screen.getByRole('navigation', { name: 'Import log pages' }));
    expect((pages.getByRole('button', { name: 'Previous' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(pages.getByRole('button', { name: 'Next' }));
    expect(variablesOf(sent, 'ImportRuns').at(-1)).toEqual({ first: 20, after: 'c20', last: null, before: null, sourceId: null });
    expect(screen.getByText('HTTP 503 from the server')).toBeTruthy();
    fireEvent.click(pages.getByRole('button', { name: 'Previous' }));
    expect(variablesOf(sent, 'ImportRuns').at(-1)).toEqual({ first: null, after: null, last: 20, before: 'c21', sourceId: null });
  });

  it('reads the log of one source from the first page', () => {
    const { sent } = renderWithApi(<BlocklistsPage />, { viewer: ADMIN, answers });
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Import log pages' })).getByRole('button', { name: 'Next' }));
    fireEvent.change(screen.getByLabelText('Source'), { target: { value: '2' } });
    expect(variablesOf(sent, 'ImportRuns').at(-1)).toEqual({ first: 20, after: null, last: null, before: null, sourceId: '2' });
  });

  it('opens the preview of a dry run from the log', () => {
    const { sent } = renderWithApi(<BlocklistsPage />, {
      viewer: VIEWER,
      answers: {
        ...answers,
        ImportRun: { importRun: detail({ id: '40', dryRun: true, newBans: 3, wouldBan: ['192.0.2.1', '192.0.2.2', '192.0.2.3'] }) },
      },
    });
    fireEvent.click(
      screen.getByRole('button', { name: `Preview of the dry run of Spamhaus DROP at ${formatDateTime('2024-03-09T12:00:00Z')}` }),
    );
    expect(variablesOf(sent, 'ImportRun')).toEqual([{ id: '40' }]);
    const dialog = within(screen.getByRole('dialog'));
    expect(
      within(dialog.getByRole('list', { name: 'Would ban 3 addresses' }))
        .getAllByRole('listitem')
        .map((i) => i.textContent),
    ).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.3']);
  });

  it('says when nothing has been imported', () => {
    renderWithApi(<BlocklistsPage />, {
      viewer: VIEWER,
      answers: {
        ...answers,
        RecentImportSources: { importRuns: { __typename: 'ImportRunConnection', nodes: [] } },
        ImportRuns: { importRuns: { __typename: 'ImportRunConnection', nodes: [], pageInfo: pageInfo({}) } },
      },
    });
    expect(screen.getByText('No imports yet, so no sources to show.')).toBeTruthy();
    expect(screen.getByText('No imports yet.')).toBeTruthy();
  });
});
