// @vitest-environment jsdom
// Tests the notifications page: ADMIN only, channels with their form and test messages followed to the
// end, rules with their form, deletion after confirmation, and the delivery log's pages and status filter.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { NotificationsPage } from './NotificationsPage';
import { RequireRole } from '../app/RequireRole';
import { AppHeader } from '../app/AppHeader';
import { SessionContext } from '../app/SessionProvider';
import { ADMIN, OPERATOR, VIEWER, apiError, renderWithApi, variablesOf } from '../test/renderWithApi';
import type { Answer } from '../test/renderWithApi';
import type { Viewer } from '../app/ViewerContext';
import { formatDateTime } from '../lib/format';

const delivery = (id: string, status: string, fields: Record<string, unknown> = {}) => ({
  __typename: 'Delivery',
  id,
  status,
  attempts: status === 'PENDING' ? 0 : 1,
  error: null,
  createdAt: '2026-12-04T10:00:00Z',
  deliveredAt: status === 'DELIVERED' ? '2026-12-04T10:00:02Z' : null,
  ...fields,
});

const onCall = {
  __typename: 'NotificationChannel',
  id: '1',
  name: 'On-call',
  kind: 'WEBHOOK',
  target: 'https://hooks.example.org/bangui',
  enabled: true,
  createdAt: '2026-12-01T09:00:00Z',
  hasSecret: true,
  lastDelivery: delivery('7', 'FAILED', { attempts: 5, error: 'HTTP 502 from the receiver' }),
};

const chat = {
  __typename: 'NotificationChannel',
  id: '2',
  name: 'Team chat',
  kind: 'SLACK',
  target: 'https://hooks.slack.com/services/T0/B0/x',
  enabled: false,
  createdAt: '2026-12-02T09:00:00Z',
  hasSecret: false,
  lastDelivery: null,
};

const sshRule = {
  __typename: 'NotificationRule',
  id: '4',
  name: 'SSH bans',
  trigger: 'BAN',
  channels: [{ __typename: 'NotificationChannel', id: '1', name: 'On-call' }],
  jails: ['sshd'],
  countries: ['CN', 'RU'],
  origins: ['FAIL2BAN'],
  hosts: [],
  threshold: null,
  windowMinutes: null,
  period: null,
  enabled: true,
};

const pageInfo = (fields: Record<string, unknown>) => ({
  __typename: 'PageInfo',
  hasNextPage: false,
  hasPreviousPage: false,
  startCursor: null,
  endCursor: null,
  ...fields,
});

const logged = (id: string, status: string, fields: Record<string, unknown> = {}) => ({
  ...delivery(id, status),
  trigger: 'BAN',
  channel: { __typename: 'NotificationChannel', id: '1', name: 'On-call', kind: 'WEBHOOK' },
  rule: { __typename: 'NotificationRule', id: '4', name: 'SSH bans' },
  ...fields,
});

const deliveries = (variables: Record<string, unknown>) => {
  if (variables.status === 'FAILED') {
    return {
      deliveries: {
        __typename: 'DeliveryConnection',
        totalCount: 1,
        nodes: [logged('7', 'FAILED', { attempts: 5, error: 'HTTP 502 from the receiver' })],
        pageInfo: pageInfo({ startCursor: 'f7', endCursor: 'f7' }),
      },
    };
  }
  if (variables.after === 'c20') {
    return {
      deliveries: {
        __typename: 'DeliveryConnection',
        totalCount: 21,
        nodes: [logged('1', 'DELIVERED', { trigger: 'TEST', rule: null })],
        pageInfo: pageInfo({ hasPreviousPage: true, startCursor: 'c21', endCursor: 'c21' }),
      },
    };
  }
  return {
    deliveries: {
      __typename: 'DeliveryConnection',
      totalCount: 21,
      nodes: [logged('9', 'RETRYING', { attempts: 2, error: 'timed out' }), logged('8', 'DELIVERED', { trigger: 'UNBAN', rule: null })],
      pageInfo: pageInfo({ hasNextPage: true, startCursor: 'c1', endCursor: 'c20' }),
    },
  };
};

const answers: Record<string, Answer> = {
  NotificationChannels: { notificationChannels: [onCall, chat] },
  NotificationRules: { notificationRules: [sshRule] },
  Deliveries: deliveries,
  JailNames: {
    jails: [
      { __typename: 'Jail', name: 'sshd', host: 'bastion' },
      { __typename: 'Jail', name: 'recidive', host: 'bastion' },
      { __typename: 'Jail', name: 'sshd', host: 'web-1' },
    ],
  },
  Hosts: {
    hosts: [
      { __typename: 'Host', id: '1', name: 'bastion', local: true },
      { __typename: 'Host', id: '2', name: 'web-1', local: false },
    ],
  },
};

const cellsOf = (table: string, name: string) =>
  within(within(screen.getByRole('table', { name: table })).getByRole('row', { name: new RegExp(`^${name}`) }))
    .getAllByRole('cell')
    .map((cell) => cell.textContent);

const renderPage = (extra: Record<string, Answer> = {}) =>
  renderWithApi(<NotificationsPage />, { viewer: ADMIN, answers: { ...answers, ...extra } });

/** Lets the page take the answers of the operations it just sent. */
const settle = () => act(async () => {});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('NotificationsPage for roles', () => {
  const renderRoute = (viewer: Viewer) =>
    renderWithApi(
      <Routes>
        <Route element={<RequireRole role="ADMIN" />}>
          <Route path="/notifications" element={<NotificationsPage />} />
        </Route>
      </Routes>,
      { viewer, answers, route: '/notifications' },
    );
  const navLinks = (viewer: Viewer) => {
    const session = { token: 'token', signIn: vi.fn(), signOut: vi.fn(), endSession: vi.fn() };
    renderWithApi(
      <SessionContext.Provider value={session}>
        <AppHeader />
      </SessionContext.Provider>,
      { viewer, answers: {} },
    );
    const links = within(screen.getByRole('navigation', { name: 'Main' }))
      .getAllByRole('link')
      .map((link) => link.textContent);
    cleanup();
    return links;
  };

  it('is in the navigation of an ADMIN only', () => {
    expect(navLinks(ADMIN)).toContain('Notifications');
    expect(navLinks(OPERATOR)).not.toContain('Notifications');
    expect(navLinks(VIEWER)).not.toContain('Notifications');
  });

  it('tells anyone else that it needs the ADMIN role, and reads nothing', () => {
    const { sent } = renderRoute(OPERATOR);
    expect(screen.getByRole('heading', { name: 'Not available' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('This page needs the ADMIN roleYou are signed in as otto with the OPERATOR role.');
    expect(sent.filter((op) => /Notification|Deliver/.test(op.name))).toEqual([]);
    cleanup();
    renderRoute(ADMIN);
    expect(screen.getByRole('heading', { name: 'Notifications' })).toBeTruthy();
  });
});

describe('NotificationsPage channels', () => {
  it('shows each channel with its settings and last delivery, never a secret', () => {
    renderPage();
    expect(cellsOf('Notification channels', 'On-call')).toEqual([
      'On-call',
      'Webhook',
      'https://hooks.example.org/bangui',
      'enabled',
      'set',
      `failed5 attempts, ${formatDateTime('2026-12-04T10:00:00Z')}HTTP 502 from the receiver`,
      'Send testEditDelete',
    ]);
    expect(cellsOf('Notification channels', 'Team chat')).toEqual([
      'Team chat',
      'Slack',
      'https://hooks.slack.com/services/T0/B0/x',
      'disabled',
      'none',
      'never',
      'Send testEditDelete',
    ]);
  });

  it('shows the empty and the error states', () => {
    renderPage({ NotificationChannels: { notificationChannels: [] }, NotificationRules: { notificationRules: [] } });
    expect(screen.getByText('No notification channels yet.')).toBeTruthy();
    expect(screen.getByText('No notification rules yet.')).toBeTruthy();
    cleanup();
    renderPage({ NotificationChannels: apiError('database is locked', 'DATABASE_BUSY') });
    expect(screen.getByRole('alert').textContent).toBe('Something went wrongThe database is busy. Please try again.Retry');
  });

  it('adds a channel with exactly what was entered', async () => {
    const { sent } = renderPage({
      CreateNotificationChannel: { createNotificationChannel: { ...chat, id: '3', name: 'Pager', kind: 'NTFY', lastDelivery: null } },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add a channel' }));
    const form = within(screen.getByRole('form', { name: 'Add a notification channel' }));
    fireEvent.change(form.getByLabelText(/^Name/), { target: { value: ' Pager ' } });
    fireEvent.change(form.getByLabelText(/^Kind/), { target: { value: 'NTFY' } });
    fireEvent.change(form.getByLabelText(/^URL/), { target: { value: 'https://ntfy.example.org/bangui' } });
    const secret = form.getByLabelText('Secret') as HTMLInputElement;
    expect(secret.type).toBe('password');
    fireEvent.change(secret, { target: { value: 'tk_0123456789' } });
    fireEvent.click(form.getByRole('switch', { name: 'Enabled' }));
    fireEvent.click(form.getByRole('button', { name: 'Add channel' }));
    await settle();
    expect(variablesOf(sent, 'CreateNotificationChannel')).toEqual([
      { input: { name: 'Pager', kind: 'NTFY', target: 'https://ntfy.example.org/bangui', secret: 'tk_0123456789', enabled: false } },
    ]);
    expect(screen.getByRole('status').textContent).toBe('Added Pager.Dismiss');
    expect(screen.queryByRole('form', { name: 'Add a notification channel' })).toBeNull();
  });

  it('checks the form before sending it', () => {
    const { sent } = renderPage();
    fireEvent.click(screen.getByRole('button', { name: 'Add a channel' }));
    const form = within(screen.getByRole('form', { name: 'Add a notification channel' }));
    fireEvent.change(form.getByLabelText(/^URL/), { target: { value: 'hooks.example.org' } });
    fireEvent.click(form.getByRole('button', { name: 'Add channel' }));
    expect(form.getByText('A name of 1 to 100 characters.')).toBeTruthy();
    expect(form.getByText('An http:// or https:// address, like https://example.org/hooks/bangui.')).toBeTruthy();
    expect(variablesOf(sent, 'CreateNotificationChannel')).toEqual([]);
  });

  it("shows the server's message when it refuses the channel", async () => {
    const refusal =
      'target "http://127.0.0.1:9/" points at a private, loopback or link-local address; set BANGUI_NOTIFY_ALLOW_PRIVATE_URLS=true to allow it';
    renderPage({ CreateNotificationChannel: apiError(refusal, 'BAD_USER_INPUT') });
    fireEvent.click(screen.getByRole('button', { name: 'Add a channel' }));
    const form = within(screen.getByRole('form', { name: 'Add a notification channel' }));
    fireEvent.change(form.getByLabelText(/^Name/), { target: { value: 'Local' } });
    fireEvent.change(form.getByLabelText(/^URL/), { target: { value: 'http://127.0.0.1:9/' } });
    fireEvent.click(form.getByRole('button', { name: 'Add channel' }));
    await settle();
    expect(form.getByRole('alert').textContent).toBe(`Not saved${refusal}`);
  });

  it('edits a channel with the secret field empty, which keeps the stored secret', async () => {
    const { sent } = renderPage({ UpdateNotificationChannel: { updateNotificationChannel: onCall } });
    fireEvent.click(screen.getByRole('button', { name: 'Edit On-call' }));
    const form = within(screen.getByRole('form', { name: 'Edit On-call' }));
    expect((form.getByLabelText(/^URL/) as HTMLInputElement).value).toBe('https://hooks.example.org/bangui');
    expect((form.getByLabelText('Secret') as HTMLInputElement).value).toBe('');
    fireEvent.change(form.getByLabelText(/^Name/), { target: { value: 'On-call pager' } });
    fireEvent.click(form.getByRole('button', { name: 'Save' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Edit On-call' }));
    const again = within(screen.getByRole('form', { name: 'Edit On-call' }));
    fireEvent.click(again.getByRole('checkbox', { name: 'Remove the stored secret' }));
    fireEvent.click(again.getByRole('button', { name: 'Save' }));
    await settle();
    const input = { name: 'On-call', kind: 'WEBHOOK', target: 'https://hooks.example.org/bangui', enabled: true };
    expect(variablesOf(sent, 'UpdateNotificationChannel')).toEqual([
      { id: '1', input: { ...input, name: 'On-call pager', secret: null } },
      { id: '1', input: { ...input, secret: '' } },
    ]);
  });

  it('deletes a channel after confirmation', async () => {
    const { sent } = renderPage({ DeleteNotificationChannel: { deleteNotificationChannel: true } });
    fireEvent.click(screen.getByRole('button', { name: 'Delete Team chat' }));
    const dialog = within(screen.getByRole('alertdialog'));
    expect(dialog.getByText('Team chat will be deleted; the rules that send to it keep their other channels.')).toBeTruthy();
    expect(variablesOf(sent, 'DeleteNotificationChannel')).toEqual([]);
    fireEvent.click(dialog.getByRole('button', { name: 'Delete' }));
    await settle();
    expect(variablesOf(sent, 'DeleteNotificationChannel')).toEqual([{ id: '2' }]);
    expect(screen.getByRole('status').textContent).toBe('Deleted Team chat.Dismiss');
  });
});

describe('NotificationsPage test messages', () => {
  it('follows a test message every second until it is delivered', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let reads = 0;
    const { sent } = renderPage({
      TestNotificationChannel: { testNotificationChannel: delivery('12', 'PENDING') },
      RecentDeliveries: () => {
        reads += 1;
        const status = reads < 2 ? 'PENDING' : reads < 3 ? 'RETRYING' : 'DELIVERED';
        return { deliveries: { __typename: 'DeliveryConnection', nodes: [delivery('13', 'FAILED'), delivery('12', status)] } };
      },
    });
    const button = screen.getByRole('button', { name: 'Send a test message to Team chat' });
    fireEvent.click(button);
    await settle();
    expect(variablesOf(sent, 'TestNotificationChannel')).toEqual([{ id: '2' }]);
    expect(button.textContent).toBe('Sending…');
    expect(cellsOf('Notification channels', 'Team chat')[5]).toBe(`pending0 attempts, ${formatDateTime('2026-12-04T10:00:00Z')}`);

    await act(() => vi.advanceTimersByTimeAsync(1000));
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(cellsOf('Notification channels', 'Team chat')[5]).toBe(`retrying1 attempt, ${formatDateTime('2026-12-04T10:00:00Z')}`);
    expect(screen.queryByRole('status')).toBeNull();

    const channelReads = variablesOf(sent, 'NotificationChannels').length;
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(cellsOf('Notification channels', 'Team chat')[5]).toBe(`delivered1 attempt, ${formatDateTime('2026-12-04T10:00:02Z')}`);
    expect(screen.getByRole('status').textContent).toBe('The test message to Team chat was delivered.Dismiss');
    expect(button.textContent).toBe('Send test');
    expect(variablesOf(sent, 'RecentDeliveries')).toEqual([{ first: 50 }, { first: 50 }, { first: 50 }]);
    expect(variablesOf(sent, 'NotificationChannels').length).toBe(channelReads + 1);

    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(variablesOf(sent, 'RecentDeliveries')).toHaveLength(3);
  });

  it('says why a test message failed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const failed = delivery('12', 'FAILED', { attempts: 1, error: 'HTTP 404 from the receiver' });
    let tested = false;
    renderPage({
      // Read again once the test has settled, the channel names it as its last delivery.
      NotificationChannels: () => ({ notificationChannels: [{ ...onCall, lastDelivery: tested ? failed : onCall.lastDelivery }, chat] }),
      TestNotificationChannel: () => {
        tested = true;
        return { testNotificationChannel: delivery('12', 'PENDING') };
      },
      RecentDeliveries: { deliveries: { __typename: 'DeliveryConnection', nodes: [failed] } },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send a test message to On-call' }));
    await settle();
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(screen.getByRole('status').textContent).toBe('The test message to On-call failed: HTTP 404 from the receiverDismiss');
    expect(cellsOf('Notification channels', 'On-call')[5]).toBe(
      `failed1 attempt, ${formatDateTime('2026-12-04T10:00:00Z')}HTTP 404 from the receiver`,
    );
  });

  it('stops waiting after 30 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { sent } = renderPage({
      TestNotificationChannel: { testNotificationChannel: delivery('12', 'PENDING') },
      RecentDeliveries: { deliveries: { __typename: 'DeliveryConnection', nodes: [delivery('12', 'RETRYING')] } },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send a test message to On-call' }));
    await settle();
    for (let second = 0; second < 35; second += 1) await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(variablesOf(sent, 'RecentDeliveries')).toHaveLength(30);
    expect(screen.getByRole('status').textContent).toBe(
      'The test message to On-call is still retrying after 30 s; the delivery log shows how it ends.Dismiss',
    );
  });

  it("shows the server's message when it refuses the test", async () => {
    renderPage({ TestNotificationChannel: apiError('there is no notification channel 2', 'NOT_FOUND') });
    fireEvent.click(screen.getByRole('button', { name: 'Send a test message to Team chat' }));
    await settle();
    expect(screen.getByRole('status').textContent).toBe('No test message was sent to Team chat: there is no notification channel 2Dismiss');
  });
});

describe('NotificationsPage rules', () => {
  it('shows each rule with its trigger, channels and filters', () => {
    renderPage();
    expect(cellsOf('Notification rules', 'SSH bans')).toEqual([
      'SSH bans',
      'ban',
      'On-call',
      'jails: sshdcountries: CN, RUorigins: fail2ban',
      'enabled',
      'EditDelete',
    ]);
  });

  it('adds a rule with exactly what was chosen', async () => {
    const { sent } = renderPage({ CreateNotificationRule: { createNotificationRule: { ...sshRule, id: '5', name: 'Unbans' } } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }));
    const form = within(screen.getByRole('form', { name: 'Add a notification rule' }));
    fireEvent.click(form.getByRole('button', { name: 'Add rule' }));
    expect(form.getByText('Choose at least one channel.')).toBeTruthy();
    expect(variablesOf(sent, 'CreateNotificationRule')).toEqual([]);

    fireEvent.change(form.getByLabelText(/^Name/), { target: { value: 'Unbans' } });
    fireEvent.change(form.getByLabelText(/^Trigger/), { target: { value: 'UNBAN' } });
    const group = (name: string) => within(form.getByRole('group', { name }));
    expect(
      group('Jails')
        .getAllByRole('checkbox')
        .map((box) => box.parentElement?.textContent),
    ).toEqual(['recidive', 'sshd']);
    fireEvent.click(group('Channels').getByRole('checkbox', { name: 'Team chat' }));
    fireEvent.click(group('Channels').getByRole('checkbox', { name: 'On-call' }));
    fireEvent.click(group('Jails').getByRole('checkbox', { name: 'sshd' }));
    fireEvent.change(form.getByLabelText('Countries'), { target: { value: 'de, fr' } });
    fireEvent.click(group('Origins').getByRole('checkbox', { name: 'manual' }));
    fireEvent.click(group('Hosts').getByRole('checkbox', { name: 'web-1' }));
    fireEvent.click(form.getByRole('button', { name: 'Add rule' }));
    await settle();
    expect(variablesOf(sent, 'CreateNotificationRule')).toEqual([
      {
        input: {
          name: 'Unbans',
          trigger: 'UNBAN',
          channelIds: ['2', '1'],
          jails: ['sshd'],
          countries: ['DE', 'FR'],
          origins: ['MANUAL'],
          hosts: ['web-1'],
          threshold: null,
          windowMinutes: null,
          period: null,
          enabled: true,
        },
      },
    ]);
    expect(screen.getByRole('status').textContent).toBe('Added rule Unbans.Dismiss');
  });

  it("shows the server's message when it refuses the rule", async () => {
    const refusal = 'rules with trigger BURST are not supported by this version; use BAN or UNBAN';
    const { sent } = renderPage({ CreateNotificationRule: apiError(refusal, 'BAD_USER_INPUT') });
    fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }));
    const form = within(screen.getByRole('form', { name: 'Add a notification rule' }));
    fireEvent.change(form.getByLabelText(/^Name/), { target: { value: 'Bursts' } });
    fireEvent.change(form.getByLabelText(/^Trigger/), { target: { value: 'BURST' } });
    fireEvent.change(form.getByLabelText(/^Bans/), { target: { value: '20' } });
    fireEvent.change(form.getByLabelText(/^Within/), { target: { value: '5' } });
    fireEvent.click(within(form.getByRole('group', { name: 'Channels' })).getByRole('checkbox', { name: 'On-call' }));
    fireEvent.click(form.getByRole('button', { name: 'Add rule' }));
    await settle();
    expect(variablesOf(sent, 'CreateNotificationRule')).toEqual([
      {
        input: {
          name: 'Bursts',
          trigger: 'BURST',
          channelIds: ['1'],
          jails: [],
          countries: [],
          origins: [],
          hosts: [],
          threshold: 20,
          windowMinutes: 5,
          period: null,
          enabled: true,
        },
      },
    ]);
    expect(form.getByRole('alert').textContent).toBe(`Not saved${refusal}`);
  });

  it('edits a rule from its stored settings', async () => {
    const { sent } = renderPage({ UpdateNotificationRule: { updateNotificationRule: sshRule } });
    fireEvent.click(screen.getByRole('button', { name: 'Edit rule SSH bans' }));
    const form = within(screen.getByRole('form', { name: 'Edit rule SSH bans' }));
    expect((form.getByLabelText('Countries') as HTMLInputElement).value).toBe('CN, RU');
    fireEvent.click(within(form.getByRole('group', { name: 'Origins' })).getByRole('checkbox', { name: 'fail2ban' }));
    fireEvent.click(form.getByRole('switch', { name: 'Enabled' }));
    fireEvent.click(form.getByRole('button', { name: 'Save' }));
    await settle();
    expect(variablesOf(sent, 'UpdateNotificationRule')).toEqual([
      {
        id: '4',
        input: {
          name: 'SSH bans',
          trigger: 'BAN',
          channelIds: ['1'],
          jails: ['sshd'],
          countries: ['CN', 'RU'],
          origins: [],
          hosts: [],
          threshold: null,
          windowMinutes: null,
          period: null,
          enabled: false,
        },
      },
    ]);
    expect(screen.getByRole('status').textContent).toBe('Saved rule SSH bans.Dismiss');
  });

  it('deletes a rule after confirmation', async () => {
    const { sent } = renderPage({ DeleteNotificationRule: { deleteNotificationRule: true } });
    fireEvent.click(screen.getByRole('button', { name: 'Delete rule SSH bans' }));
    const dialog = within(screen.getByRole('alertdialog'));
    expect(dialog.getByText('The rule SSH bans will be deleted; its deliveries stay in the log.')).toBeTruthy();
    fireEvent.click(dialog.getByRole('button', { name: 'Delete' }));
    await settle();
    expect(variablesOf(sent, 'DeleteNotificationRule')).toEqual([{ id: '4' }]);
    expect(screen.getByRole('status').textContent).toBe('Deleted SSH bans.Dismiss');
  });
});

describe('NotificationsPage delivery log', () => {
  const logRows = () =>
    within(screen.getByRole('table', { name: 'Delivery log' }))
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      );

  it('lists deliveries newest first and pages with the cursors', () => {
    const { sent } = renderPage();
    expect(screen.getByText('21 deliveries in all.')).toBeTruthy();
    const created = formatDateTime('2026-12-04T10:00:00Z');
    expect(logRows()).toEqual([
      [created, 'On-call (Webhook)', 'SSH bans', 'ban', 'retrying', '2', '—', 'timed out'],
      [created, 'On-call (Webhook)', 'a deleted rule', 'unban', 'delivered', '1', formatDateTime('2026-12-04T10:00:02Z'), ''],
    ]);
    expect(variablesOf(sent, 'Deliveries')).toEqual([{ first: 20, after: null, last: null, before: null, status: null }]);
    const pages = within(screen.getByRole('navigation', { name: 'Delivery log pages' }));
    expect((pages.getByRole('button', { name: 'Newer' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(pages.getByRole('button', { name: 'Older' }));
    expect(variablesOf(sent, 'Deliveries').at(-1)).toEqual({ first: 20, after: 'c20', last: null, before: null, status: null });
    expect(logRows()).toEqual([
      [created, 'On-call (Webhook)', 'test', 'test', 'delivered', '1', formatDateTime('2026-12-04T10:00:02Z'), ''],
    ]);
    fireEvent.click(pages.getByRole('button', { name: 'Newer' }));
    expect(variablesOf(sent, 'Deliveries').at(-1)).toEqual({ first: null, after: null, last: 20, before: 'c21', status: null });
  });

  it('filters by status from the newest page', () => {
    const { sent } = renderPage();
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Delivery log pages' })).getByRole('button', { name: 'Older' }));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'FAILED' } });
    expect(variablesOf(sent, 'Deliveries').at(-1)).toEqual({ first: 20, after: null, last: null, before: null, status: 'FAILED' });
    expect(screen.getByText('1 delivery in all.')).toBeTruthy();
    expect(logRows().map((row) => row[4])).toEqual(['failed']);
  });

  it('names a channel the server no longer answers for as deleted', () => {
    const orphan: Record<string, unknown> = logged('3', 'DELIVERED');
    delete orphan.channel;
    renderPage({
      Deliveries: { deliveries: { __typename: 'DeliveryConnection', totalCount: 1, nodes: [orphan], pageInfo: pageInfo({}) } },
    });
    expect(logRows().map((row) => row[1])).toEqual(['a deleted channel']);
  });

  it('says when nothing was sent yet', () => {
    renderPage({
      Deliveries: { deliveries: { __typename: 'DeliveryConnection', totalCount: 0, nodes: [], pageInfo: pageInfo({}) } },
    });
    expect(screen.getByText('Nothing was sent yet.')).toBeTruthy();
  });
});
