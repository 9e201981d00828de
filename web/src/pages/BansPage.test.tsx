// @vitest-environment jsdom
// Tests the bans page: unban controls by role, cursor paging, filters from the URL, the host of each ban, the export
// and how it follows the archive.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { BansPage } from './BansPage';
import { OPERATOR, VIEWER, currentAddress, CurrentAddress, renderWithApi, variablesOf } from '../test/renderWithApi';

const ban = (id: string, ip: string, active: boolean) => ({
  __typename: 'Ban',
  id,
  ip,
  jail: 'sshd',
  bannedAt: '2024-03-10T12:00:00Z',
  banTime: 600,
  expiresAt: null,
  banCount: 1,
  active,
  origin: 'FAIL2BAN',
  host: 'bastion',
  country: { __typename: 'Country', code: 'DE', name: 'Germany' },
});

const host = (id: string, name: string, local: boolean) => ({
  __typename: 'Host',
  id,
  name,
  local,
  connected: true,
  lastSeenAt: null,
  agentVersion: null,
  fail2banVersion: null,
  refusal: null,
  tokenCreatedAt: null,
});

const answers = {
  JailNames: { jails: [{ __typename: 'Jail', name: 'sshd', host: 'bastion' }] },
  Hosts: { hosts: [host('1', 'bastion', true), host('2', 'web-1', false)] },
  Bans: {
    bans: {
      __typename: 'BanConnection',
      nodes: [ban('1', '192.0.2.1', true), ban('2', '192.0.2.2', false)],
      pageInfo: { __typename: 'PageInfo', hasNextPage: true, hasPreviousPage: false, startCursor: 'c1', endCursor: 'c2' },
    },
  },
};

/** A delta of `bans` bans, a new object each time as each message is. */
const delta = (bans: number) => ({
  dashboardChanged: { __typename: 'DashboardDelta', at: '2026-12-03T12:00:00Z', bans, unbans: 0 },
});

const FIRST_PAGE = { first: 50, after: null, last: null, before: null };

afterEach(cleanup);

describe('BansPage', () => {
  it('shows a VIEWER the bans without unban buttons', () => {
    renderWithApi(<BansPage />, { viewer: VIEWER, answers, route: '/bans' });
    expect(screen.getByRole('button', { name: 'Details of 192.0.2.1' })).toBeTruthy();
    expect(screen.getAllByText('Germany')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: /unban/i })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: /^Select / })).toBeNull();
  });

  it('gives an OPERATOR an unban button for active bans only', () => {
    renderWithApi(<BansPage />, { viewer: OPERATOR, answers, route: '/bans' });
    expect(screen.getAllByRole('button', { name: /^Unban \d/ }).map((b) => b.getAttribute('aria-label'))).toEqual([
      'Unban 192.0.2.1 in sshd',
    ]);
    expect(screen.getAllByRole('checkbox', { name: /^Select / }).map((b) => b.getAttribute('aria-label'))).toEqual([
      'Select every active ban on this page',
      'Select 192.0.2.1 in sshd',
    ]);
  });

  it('reads the filters from the URL and pages forward with the end cursor', () => {
    const { sent } = renderWithApi(<BansPage />, { viewer: VIEWER, answers, route: '/bans?jail=sshd&country=de&active=1' });
    expect(sent.filter((op) => op.name === 'Bans').map((op) => op.variables)).toEqual([
      { first: 50, after: null, last: null, before: null, filter: { jail: 'sshd', country: 'DE', activeOnly: true } },
    ]);
    expect((screen.getByRole('button', { name: 'Previous' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(sent.filter((op) => op.name === 'Bans').at(-1)?.variables).toEqual({
      first: 50,
      after: 'c2',
      last: null,
      before: null,
      filter: { jail: 'sshd', country: 'DE', activeOnly: true },
    });
  });

  it('rejects an invalid address filter', () => {
    const { sent } = renderWithApi(<BansPage />, { viewer: VIEWER, answers, route: '/bans' });
    fireEvent.change(screen.getByLabelText('IP or CIDR'), { target: { value: '10.0.0.0/40' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByText('An IP address or a CIDR network, like 10.0.0.0/8.')).toBeTruthy();
    expect(sent.filter((op) => op.name === 'Bans')).toHaveLength(1);
  });

  it('opens the address details from the URL, even when fail2ban left bannedIn out', () => {
    const ipInfo = {
      __typename: 'IpInfo',
      ip: '192.0.2.1',
      country: { __typename: 'Country', code: 'DE', name: 'Germany' },
      asn: { __typename: 'Asn', number: 13335, name: 'Cloudflare, Inc.' },
      coveringBans: [],
      history: { __typename: 'BanConnection', nodes: [{ ...ban('9', '192.0.2.1', true), jail: 'postfix' }] },
    };
    renderWithApi(<BansPage />, { viewer: OPERATOR, answers: { ...answers, IpInfo: { ipInfo } }, route: '/bans?detail=192.0.2.1' });
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('Country: Germany (DE)');
    expect(within(dialog).getByText(/^Autonomous system:/).textContent).toBe('Autonomous system: AS13335 · Cloudflare, Inc.');
    expect(dialog.textContent).toContain('Banned now in:unknown');
    expect(screen.getByRole('table', { name: 'Ban history of 192.0.2.1' }).textContent).toContain('postfix');
    expect(screen.queryByRole('button', { name: 'Unban 192.0.2.1' })).toBeNull();
  });

  it('shows an autonomous system without a name by its number, and an unknown one as unknown', () => {
    const ipInfo = (asn: unknown) => ({
      __typename: 'IpInfo',
      ip: '198.51.100.7',
      country: null,
      asn,
      bannedIn: [],
      coveringBans: [],
      history: { __typename: 'BanConnection', nodes: [] },
    });
    const shown = (asn: unknown) => {
      renderWithApi(<BansPage />, { viewer: VIEWER, answers: { ...answers, IpInfo: { ipInfo: ipInfo(asn) } }, route: '/bans?detail=198.51.100.7' });
      const text = within(screen.getByRole('dialog')).getByText(/^Autonomous system:/).textContent;
      cleanup();
      return text;
    };
    expect(shown({ __typename: 'Asn', number: 64501, name: null })).toBe('Autonomous system: AS64501');
    expect(shown(null)).toBe('Autonomous system: unknown');
  });

  it('lists the jails an address is banned in, with an unban button for an OPERATOR', () => {
    const ipInfo = {
      __typename: 'IpInfo',
      ip: '192.0.2.1',
      country: null,
      bannedIn: ['sshd', 'postfix'],
      coveringBans: [],
      history: { __typename: 'BanConnection', nodes: [] },
    };
    renderWithApi(<BansPage />, { viewer: OPERATOR, answers: { ...answers, IpInfo: { ipInfo } }, route: '/bans?detail=192.0.2.1' });
    const jails = screen.getByRole('list', { name: 'Banned now in:' });
    expect(
      within(jails)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['sshd', 'postfix']);
    expect(screen.getByRole('button', { name: 'Unban 192.0.2.1' }).textContent).toBe('Unban everywhere');
  });

  it('closes the address dialog before it leaves, giving the page back to assistive technology', async () => {
    const ipInfo = {
      __typename: 'IpInfo',
      ip: '192.0.2.1',
      country: { __typename: 'Country', code: 'DE', name: 'Germany' },
      bannedIn: ['sshd'],
      coveringBans: [],
      history: { __typename: 'BanConnection', nodes: [] },
    };
    const { container } = renderWithApi(<BansPage />, {
      viewer: VIEWER,
      answers: { ...answers, IpInfo: { ipInfo } },
      route: '/bans?detail=192.0.2.1',
    });
    // While the dialog is open the rest of the page is hidden from assistive technology.
    await waitFor(() => expect(container.getAttribute('aria-hidden')).toBe('true'), { timeout: 3000 });
    fireEvent.click(within(screen.getByRole('dialog', { name: '192.0.2.1' })).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(container.getAttribute('aria-hidden')).toBeNull(), { timeout: 3000 });
    expect(screen.getByRole('button', { name: 'Details of 192.0.2.1' })).toBeTruthy();
  });

  it('unbans the chosen bans, one call per jail, and reports the counts', async () => {
    const bans = {
      bans: {
        ...answers.Bans.bans,
        nodes: [ban('1', '192.0.2.1', true), { ...ban('3', '203.0.113.0/24', true), jail: 'nginx' }, ban('4', '192.0.2.4', true)],
      },
    };
    const { sent } = renderWithApi(<BansPage />, {
      viewer: OPERATOR,
      answers: {
        ...answers,
        Bans: bans,
        UnbanMany: (v: Record<string, unknown>) => ({
          unbanIps: {
            __typename: 'BulkUnbanResult',
            unbanned: (v.ips as string[]).length - (v.jail === 'sshd' ? 1 : 0),
            notBanned: v.jail === 'sshd' ? 1 : 0,
            invalid: [],
          },
        }),
      },
      route: '/bans',
    });
    const unbanSelected = screen.getByRole('button', { name: 'Unban selected' }) as HTMLButtonElement;
    expect(unbanSelected.disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select every active ban on this page' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select 192.0.2.4 in sshd' }));
    expect(screen.getByText('2 bans selected.')).toBeTruthy();
    fireEvent.click(unbanSelected);
    const dialog = screen.getByRole('alertdialog', { name: 'Unban 2 bans?' });
    expect(dialog.textContent).toContain('2 addresses will be unbanned in the jails sshd, nginx.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Unban' }));
    await screen.findByText('Unbanned 1 address; 1 was not banned.');
    expect(variablesOf(sent, 'UnbanMany')).toEqual([
      { ips: ['192.0.2.1'], jail: 'sshd', host: 'bastion' },
      { ips: ['203.0.113.0/24'], jail: 'nginx', host: 'bastion' },
    ]);
    expect(screen.getByText('Select bans to unban several at once.')).toBeTruthy();
  });

  it('opens the details of a network and unbans it', async () => {
    const network = { ...ban('5', '203.0.113.0/24', true) };
    const ipInfo = {
      __typename: 'IpInfo',
      ip: '203.0.113.0/24',
      country: null,
      bannedIn: ['sshd'],
      coveringBans: [],
      history: { __typename: 'BanConnection', nodes: [network] },
    };
    const { sent } = renderWithApi(<BansPage />, {
      viewer: OPERATOR,
      answers: {
        ...answers,
        Bans: { bans: { ...answers.Bans.bans, nodes: [network] } },
        IpInfo: { ipInfo },
        Unban: { unbanIp: { __typename: 'UnbanResult', ip: '203.0.113.0/24', jails: ['sshd'] } },
      },
      route: '/bans',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Details of 203.0.113.0/24' }));
    const dialog = await screen.findByRole('dialog', { name: '203.0.113.0/24' });
    expect(variablesOf(sent, 'IpInfo')).toEqual([{ ip: '203.0.113.0/24' }]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    fireEvent.click(screen.getByRole('button', { name: 'Unban 203.0.113.0/24 in sshd' }));
    fireEvent.click(within(screen.getByRole('alertdialog', { name: 'Unban this address?' })).getByRole('button', { name: 'Unban' }));
    await screen.findByText('203.0.113.0/24 was unbanned in sshd.');
    expect(variablesOf(sent, 'Unban')).toEqual([{ ip: '203.0.113.0/24', jail: 'sshd', host: 'bastion' }]);
  });

  it('shows the host of each ban and unbans on that host only', async () => {
    const bans = {
      bans: {
        ...answers.Bans.bans,
        nodes: [ban('1', '192.0.2.1', true), { ...ban('6', '192.0.2.1', true), host: 'web-1' }],
      },
    };
    const { sent } = renderWithApi(<BansPage />, {
      viewer: OPERATOR,
      answers: {
        ...answers,
        Bans: bans,
        Unban: { unbanIp: { __typename: 'UnbanResult', ip: '192.0.2.1', jails: ['sshd'] } },
        UnbanMany: { unbanIps: { __typename: 'BulkUnbanResult', unbanned: 1, notBanned: 0, invalid: [] } },
      },
      route: '/bans',
    });
    const rows = within(screen.getByRole('table', { name: 'Bans' })).getAllByRole('row');
    expect(within(rows[0]!).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual([
      '',
      'Address',
      'Jail',
      'Host',
      'Country',
      'Banned at',
      'Length',
      'Origin',
      'State',
      'Action',
    ]);
    expect(rows.slice(1).map((row) => within(row).getAllByRole('cell')[3]?.textContent)).toEqual(['bastion', 'web-1']);

    fireEvent.click(within(rows[2]!).getByRole('button', { name: 'Unban 192.0.2.1 in sshd' }));
    fireEvent.click(within(screen.getByRole('alertdialog', { name: 'Unban this address?' })).getByRole('button', { name: 'Unban' }));
    await screen.findByText('192.0.2.1 was unbanned in sshd.');
    expect(variablesOf(sent, 'Unban')).toEqual([{ ip: '192.0.2.1', jail: 'sshd', host: 'web-1' }]);

    fireEvent.click(screen.getByRole('checkbox', { name: 'Select every active ban on this page' }));
    expect(screen.getByText('2 bans selected.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Unban selected' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Unban 2 bans?' });
    expect(dialog.textContent).toContain('2 addresses will be unbanned in the jails sshd on bastion, sshd on web-1.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Unban' }));
    await screen.findByText('Unbanned 2 addresses.');
    expect(variablesOf(sent, 'UnbanMany')).toEqual([
      { ips: ['192.0.2.1'], jail: 'sshd', host: 'bastion' },
      { ips: ['192.0.2.1'], jail: 'sshd', host: 'web-1' },
    ]);
  });

  it('filters by host, kept in the URL', async () => {
    const { sent } = renderWithApi(<BansPage />, { viewer: VIEWER, answers, route: '/bans?host=web-1' });
    expect(variablesOf(sent, 'Bans')).toEqual([{ first: 50, after: null, last: null, before: null, filter: { host: 'web-1' } }]);
    const filters = within(screen.getByRole('form', { name: 'Filter bans' }));
    const picker = filters.getByLabelText('Host') as HTMLSelectElement;
    expect(picker.value).toBe('web-1');
    expect([...picker.options].map((option) => option.textContent)).toEqual(['All hosts', 'bastion', 'web-1']);
    fireEvent.change(picker, { target: { value: 'bastion' } });
    fireEvent.click(filters.getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(variablesOf(sent, 'Bans').at(-1)).toEqual({ first: 50, after: null, last: null, before: null, filter: { host: 'bastion' } }),
    );
  });

  it('exports the bans of the time, jail and host filters shown', () => {
    const route = '/bans?jail=sshd&host=web-1&since=2026-12-01T00:00:00Z&until=2026-12-08T12:30:00Z';
    const { sent } = renderWithApi(<BansPage />, { viewer: VIEWER, answers, route });
    expect(variablesOf(sent, 'Bans')).toEqual([
      {
        first: 50,
        after: null,
        last: null,
        before: null,
        filter: { jail: 'sshd', host: 'web-1', since: '2026-12-01T00:00:00Z', until: '2026-12-08T12:30:00Z' },
      },
    ]);
    const exports = within(screen.getByRole('navigation', { name: 'Export' }));
    const csv = exports.getByRole('link', { name: 'Export CSV' });
    const ndjson = exports.getByRole('link', { name: 'Export NDJSON' });
    expect(csv.getAttribute('href')).toBe(
      '/export/bans?format=csv&since=2026-12-01T00%3A00%3A00Z&until=2026-12-08T12%3A30%3A00Z&jail=sshd&host=web-1',
    );
    expect(ndjson.getAttribute('href')).toBe(
      '/export/bans?format=ndjson&since=2026-12-01T00%3A00%3A00Z&until=2026-12-08T12%3A30%3A00Z&jail=sshd&host=web-1',
    );
    expect([csv.hasAttribute('download'), ndjson.hasAttribute('download')]).toEqual([true, true]);
    expect([csv.getAttribute('aria-disabled'), ndjson.getAttribute('aria-disabled')]).toEqual([null, null]);
    expect(screen.queryByText(/^The export covers/)).toBeNull();
  });

  it('exports every archived ban without filters', () => {
    renderWithApi(<BansPage />, { viewer: VIEWER, answers, route: '/bans' });
    expect(screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe('/export/bans?format=csv');
    expect(screen.getByRole('link', { name: 'Export NDJSON' }).getAttribute('href')).toBe('/export/bans?format=ndjson');
  });

  it('disables the export while a filter it does not take is set, and says why', () => {
    renderWithApi(<BansPage />, { viewer: VIEWER, answers, route: '/bans?jail=sshd&country=de&active=1' });
    const exports = within(screen.getByRole('navigation', { name: 'Export' }));
    for (const name of ['Export CSV', 'Export NDJSON']) {
      const link = exports.getByRole('link', { name });
      expect([link.getAttribute('href'), link.getAttribute('aria-disabled')]).toEqual([null, 'true']);
    }
    const note = exports.getByText(/^The export covers/);
    expect(note.textContent).toBe('The export covers the archive filtered by time, jail and host only (set here: Country, Active only).');
    expect(exports.getByRole('link', { name: 'Export CSV' }).getAttribute('aria-describedby')).toBe(note.id);
  });

  it('filters by time from the form, kept in the URL', async () => {
    const { sent } = renderWithApi(
      <>
        <BansPage />
        <CurrentAddress />
      </>,
      { viewer: VIEWER, answers, route: '/bans?jail=sshd' },
    );
    const filters = within(screen.getByRole('form', { name: 'Filter bans' }));
    fireEvent.change(filters.getByLabelText('From'), { target: { value: '2026-12-01T08:30' } });
    fireEvent.change(filters.getByLabelText('Until'), { target: { value: '2026-12-01T08:00' } });
    fireEvent.click(filters.getByRole('button', { name: 'Apply' }));
    expect(filters.getByText('A time after the start.')).toBeTruthy();
    expect(variablesOf(sent, 'Bans')).toHaveLength(1);

    fireEvent.change(filters.getByLabelText('Until'), { target: { value: '2026-12-02T18:00' } });
    fireEvent.click(filters.getByRole('button', { name: 'Apply' }));
    // The inputs are in the browser's time zone; the filter is the same instants in UTC.
    const since = new Date(2026, 11, 1, 8, 30).toISOString().replace('.000Z', 'Z');
    const until = new Date(2026, 11, 2, 18, 0).toISOString().replace('.000Z', 'Z');
    await waitFor(() =>
      expect(variablesOf(sent, 'Bans').at(-1)).toEqual({ first: 50, after: null, last: null, before: null, filter: { jail: 'sshd', since, until } }),
    );
    expect(currentAddress()).toBe(`/bans?${new URLSearchParams({ jail: 'sshd', since, until }).toString()}`);
    expect((filters.getByLabelText('From') as HTMLInputElement).value).toBe('2026-12-01T08:30');
    expect(screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe(
      `/export/bans?${new URLSearchParams({ format: 'csv', since, until, jail: 'sshd' }).toString()}`,
    );
  });

  it('shows the network bans that cover an address', () => {
    const ipInfo = {
      __typename: 'IpInfo',
      ip: '203.0.113.9',
      country: null,
      bannedIn: [],
      coveringBans: [{ __typename: 'Ban', id: '7', ip: '203.0.113.0/24', jail: 'sshd', expiresAt: null }],
      history: { __typename: 'BanConnection', nodes: [] },
    };
    renderWithApi(<BansPage />, { viewer: VIEWER, answers: { ...answers, IpInfo: { ipInfo } }, route: '/bans?detail=203.0.113.9' });
    const covering = screen.getByRole('list', { name: 'Inside banned networks:' });
    expect(
      within(covering)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['203.0.113.0/24 in sshd']);
  });

  it('reads the first page again for a delta of its jail and host', () => {
    const { sent, emit } = renderWithApi(<BansPage />, { viewer: VIEWER, answers, route: '/bans?jail=sshd&host=web-1' });
    expect(variablesOf(sent, 'DashboardChanged')).toEqual([{ jail: 'sshd', host: 'web-1' }]);
    const page = { ...FIRST_PAGE, filter: { jail: 'sshd', host: 'web-1' } };
    expect(variablesOf(sent, 'Bans')).toEqual([page]);
    emit('DashboardChanged', delta(2));
    expect(variablesOf(sent, 'Bans')).toEqual([page, page]);
    expect(screen.queryByRole('button', { name: 'Show newest' })).toBeNull();
  });

  it('stays on a later page, counts the new bans and shows the newest on request', () => {
    const { sent, emit } = renderWithApi(<BansPage />, { viewer: VIEWER, answers, route: '/bans' });
    expect(variablesOf(sent, 'DashboardChanged')).toEqual([{ jail: null, host: null }]);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    const later = { first: 50, after: 'c2', last: null, before: null, filter: {} };
    expect(variablesOf(sent, 'Bans')).toEqual([{ ...FIRST_PAGE, filter: {} }, later]);
    expect(screen.getByRole('status').textContent).toBe('');
    emit('DashboardChanged', delta(1));
    emit('DashboardChanged', delta(2));
    expect(screen.getByRole('status').textContent).toBe('3 new bans');
    expect(variablesOf(sent, 'Bans')).toEqual([{ ...FIRST_PAGE, filter: {} }, later]);
    fireEvent.click(screen.getByRole('button', { name: 'Show newest' }));
    // The page's query for the first page, then the read that passes by the cache.
    expect(variablesOf(sent, 'Bans').slice(2)).toEqual([
      { ...FIRST_PAGE, filter: {} },
      { ...FIRST_PAGE, filter: {} },
    ]);
    expect((screen.getByRole('button', { name: 'Newest' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('counts no new bans on a later page of a list that ended in the past', () => {
    const { emit } = renderWithApi(<BansPage />, { viewer: VIEWER, answers, route: '/bans?until=2020-01-01T00:00:00Z' });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    emit('DashboardChanged', delta(3));
    expect(screen.getByRole('status').textContent).toBe('');
    expect(screen.queryByRole('button', { name: 'Show newest' })).toBeNull();
  });
});
