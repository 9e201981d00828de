// @vitest-environment jsdom
// Tests the create-jail form: the filter picker, the live filter test, what is sent and a refusal, on the local
// host or on the host chosen, kept in the URL.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { CreateJailPage } from './CreateJailPage';
import { ADMIN, CurrentAddress, apiError, currentAddress, renderWithApi, variablesOf } from '../test/renderWithApi';
import type { Answer } from '../test/renderWithApi';
import { formatDateTime } from '../lib/format';

const filters = {
  filters: [
    { __typename: 'Filter', name: 'nginx-http-auth', failRegex: ['^ \\[error\\] .* client: <HOST>'], ignoreRegex: [], datePattern: null },
    { __typename: 'Filter', name: 'sshd', failRegex: ['^Failed password for .* from <HOST>'], ignoreRegex: [], datePattern: null },
  ],
};
const jails = { jails: [{ __typename: 'Jail', name: 'sshd', logPaths: ['/var/log/auth.log'] }] };
const tested = {
  testFilter: {
    __typename: 'FilterTestResult',
    linesTested: 3,
    matched: 1,
    ignored: 0,
    missed: 2,
    matches: [
      {
        __typename: 'FilterMatch',
        lineNumber: 2,
        line: 'Failed password for root from 192.0.2.9',
        ip: '192.0.2.9',
        at: '2026-12-01T08:00:00Z',
      },
    ],
  },
};

const hosts = {
  hosts: [
    { __typename: 'Host', id: '1', name: 'bastion', local: true },
    { __typename: 'Host', id: '2', name: 'web-1', local: false },
  ],
};

const show = (answers: Record<string, Answer> = {}, route = '/jails/new') =>
  renderWithApi(
    <>
      <Routes>
        <Route path="/jails/new" element={<CreateJailPage />} />
        <Route path="/jails/:name" element={<p>the jail page</p>} />
      </Routes>
      <CurrentAddress />
    </>,
    { viewer: ADMIN, answers: { Filters: filters, JailLogPaths: jails, TestFilter: tested, ...answers }, route },
  );
const form = () => screen.getByRole('form', { name: 'Create a jail' });
const type = (label: RegExp, value: string) => fireEvent.change(within(form()).getByLabelText(label), { target: { value } });

afterEach(cleanup);

describe('CreateJailPage', () => {
  it('offers the installed filters and shows the chosen one', () => {
    show();
    const picker = within(form()).getByLabelText(/^Filter\*?$/) as HTMLSelectElement;
    expect([...picker.options].map((o) => o.textContent)).toEqual(['Choose a filter', 'nginx-http-auth', 'sshd']);
    fireEvent.change(picker, { target: { value: 'sshd' } });
    expect(screen.getByLabelText('failregex of sshd').textContent).toBe('^Failed password for .* from <HOST>');
  });

  it('tests the filter on pasted lines once they settle', async () => {
    const { sent } = show();
    expect(screen.getByText('Choose a filter to test it.')).toBeTruthy();
    type(/^Filter\*?$/, 'sshd');
    expect(screen.getByText('Paste sample lines, or give a log file an existing jail watches, to test the filter.')).toBeTruthy();
    type(/^Sample log lines/, 'first\nFailed password for root from 192.0.2.9\nthird');
    await screen.findByText('Tested on the sample lines.', {}, { timeout: 3000 });
    expect(variablesOf(sent, 'TestFilter')).toEqual([
      { input: { filter: 'sshd', lines: ['first', 'Failed password for root from 192.0.2.9', 'third'] }, host: null },
    ]);
    const test = screen.getByRole('region', { name: 'Filter test' });
    expect(
      within(test)
        .getAllByRole('term')
        .map((t) => t.textContent),
    ).toEqual(['Lines tested', 'Matched', 'Ignored', 'Missed']);
    expect(
      within(test)
        .getAllByRole('definition')
        .map((d) => d.textContent),
    ).toEqual(['3', '1', '0', '2']);
    const [, row] = within(test).getAllByRole('row');
    expect(
      within(row as HTMLElement)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['2', '192.0.2.9', formatDateTime('2026-12-01T08:00:00Z'), 'Failed password for root from 192.0.2.9']);
  });

  it("tests the filter on an existing jail's log when it watches the file", async () => {
    const { sent } = show();
    type(/^Filter\*?$/, 'sshd');
    type(/^Log files/, '/var/log/auth.log');
    await screen.findByText('Tested on the log of the jail sshd.', {}, { timeout: 3000 });
    expect(variablesOf(sent, 'TestFilter')).toEqual([{ input: { filter: 'sshd', jail: 'sshd' }, host: null }]);
  });

  it('reads the local host’s filters, without a host picker for a single host', () => {
    const { sent } = show({ Hosts: { hosts: [hosts.hosts[0]] } });
    expect(variablesOf(sent, 'Filters')).toEqual([{ host: null }]);
    expect(within(form()).queryByLabelText('Host')).toBeNull();
  });

  it('tests on the log of a jail of the chosen host only', async () => {
    const both = {
      jails: [
        { __typename: 'Jail', name: 'ssh-web', host: 'web-1', logPaths: ['/var/log/auth.log'] },
        { __typename: 'Jail', name: 'sshd', host: 'bastion', logPaths: ['/var/log/auth.log'] },
        { __typename: 'Jail', name: 'nginx', host: 'web-1', logPaths: ['/var/log/nginx/error.log'] },
      ],
    };
    const { sent } = show({ Hosts: hosts, JailLogPaths: both });
    const picker = within(form()).getByLabelText('Host') as HTMLSelectElement;
    expect([...picker.options].map((option) => option.textContent)).toEqual(['bastion', 'web-1']);
    expect(picker.value).toBe('bastion');
    type(/^Filter\*?$/, 'sshd');
    type(/^Log files/, '/var/log/auth.log');
    await screen.findByText('Tested on the log of the jail sshd.', {}, { timeout: 3000 });
    expect(variablesOf(sent, 'TestFilter')).toEqual([{ input: { filter: 'sshd', jail: 'sshd' }, host: null }]);
    type(/^Log files/, '/var/log/nginx/error.log');
    expect(
      await screen.findByText('Paste sample lines, or give a log file an existing jail watches, to test the filter.', {}, { timeout: 3000 }),
    ).toBeTruthy();

    // On web-1, the filters and the jails are web-1's; the filter chosen among bastion's is not kept.
    type(/^Host$/, 'web-1');
    expect(currentAddress()).toBe('/jails/new?host=web-1');
    expect(variablesOf(sent, 'Filters')).toEqual([{ host: null }, { host: 'web-1' }]);
    expect((within(form()).getByLabelText(/^Filter\*?$/) as HTMLSelectElement).value).toBe('');
    expect(screen.getByText('Choose a filter to test it.')).toBeTruthy();
    type(/^Filter\*?$/, 'sshd');
    await screen.findByText('Tested on the log of the jail nginx.', {}, { timeout: 3000 });
    type(/^Log files/, '/var/log/auth.log');
    await screen.findByText('Tested on the log of the jail ssh-web.', {}, { timeout: 3000 });
    expect(variablesOf(sent, 'TestFilter')).toEqual([
      { input: { filter: 'sshd', jail: 'sshd' }, host: null },
      { input: { filter: 'sshd', jail: 'nginx' }, host: 'web-1' },
      { input: { filter: 'sshd', jail: 'ssh-web' }, host: 'web-1' },
    ]);
  });

  it('creates the jail on the host in the URL and opens its page there', async () => {
    const { sent } = show(
      { Hosts: hosts, CreateJail: { createJail: { __typename: 'Jail', name: 'myapp', host: 'web-1' } } },
      '/jails/new?host=web-1',
    );
    expect(variablesOf(sent, 'Filters')).toEqual([{ host: 'web-1' }]);
    expect((within(form()).getByLabelText('Host') as HTMLSelectElement).value).toBe('web-1');
    type(/^Name/, 'myapp');
    type(/^Filter\*?$/, 'sshd');
    type(/^Log files/, '/var/log/myapp.log');
    fireEvent.click(within(form()).getByRole('button', { name: 'Create jail' }));
    await screen.findByText('the jail page');
    expect(variablesOf(sent, 'CreateJail')).toEqual([
      { input: { name: 'myapp', filter: 'sshd', logPaths: ['/var/log/myapp.log'], enabled: true }, host: 'web-1' },
    ]);
    expect(currentAddress()).toBe('/jails/myapp?host=web-1');
  });

  it('opens the page of a jail created on the local host without a host', async () => {
    const { sent } = show({ Hosts: hosts, CreateJail: { createJail: { __typename: 'Jail', name: 'myapp', host: 'bastion' } } }, '/jails/new');
    type(/^Host$/, 'web-1');
    type(/^Host$/, 'bastion');
    expect(currentAddress()).toBe('/jails/new');
    type(/^Name/, 'myapp');
    type(/^Filter\*?$/, 'sshd');
    type(/^Log files/, '/var/log/myapp.log');
    fireEvent.click(within(form()).getByRole('button', { name: 'Create jail' }));
    await screen.findByText('the jail page');
    expect(variablesOf(sent, 'CreateJail').map((v) => v.host)).toEqual([null]);
    expect(currentAddress()).toBe('/jails/myapp');
  });

  it('checks the form before sending it', () => {
    const { sent } = show();
    type(/^Name/, 'my app');
    fireEvent.click(within(form()).getByRole('button', { name: 'Create jail' }));
    expect(screen.getByText('Letters, digits, - and _ (at most 64).')).toBeTruthy();
    expect(screen.getByText('Choose one of the installed filters.')).toBeTruthy();
    expect(screen.getByText('At least one log file.')).toBeTruthy();
    expect(variablesOf(sent, 'CreateJail')).toEqual([]);
  });

  it('creates the jail and opens its page', async () => {
    const { sent } = show({ CreateJail: { createJail: { __typename: 'Jail', name: 'myapp' } } });
    type(/^Name/, 'myapp');
    type(/^Filter\*?$/, 'nginx-http-auth');
    type(/^Log files/, '/var/log/myapp.log');
    type(/^Port/, 'http,https');
    type(/^Ban time/, '1h');
    type(/^Max retry/, '5');
    fireEvent.click(within(form()).getByRole('button', { name: 'Create jail' }));
    await screen.findByText('the jail page');
    expect(currentAddress()).toBe('/jails/myapp');
    expect(variablesOf(sent, 'CreateJail')).toEqual([
      {
        host: null,
        input: {
          name: 'myapp',
          filter: 'nginx-http-auth',
          logPaths: ['/var/log/myapp.log'],
          port: 'http,https',
          banTime: 3600,
          maxRetry: 5,
          enabled: true,
        },
      },
    ]);
  });

  it("shows fail2ban's reason when it refuses the jail", async () => {
    show({ CreateJail: apiError('Have not found any log file for myapp jail', 'CONFIG_INVALID') });
    type(/^Name/, 'myapp');
    type(/^Filter\*?$/, 'sshd');
    type(/^Log files/, '/var/log/missing.log');
    fireEvent.click(within(form()).getByRole('button', { name: 'Create jail' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('fail2ban refused the changeHave not found any log file for myapp jail Nothing of the change was kept.');
    expect(screen.getByRole('form', { name: 'Create a jail' })).toBeTruthy();
  });
});
