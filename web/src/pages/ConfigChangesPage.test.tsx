// @vitest-environment jsdom
// Tests the change history: newest first, applied or refused with fail2ban's reason, the diff by line, paging.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { ConfigChangesPage } from './ConfigChangesPage';
import { ADMIN, renderWithApi, variablesOf } from '../test/renderWithApi';
import { formatDateTime } from '../lib/format';

const change = (id: number, applied: boolean) => ({
  __typename: 'ConfigChange',
  id: `${id}`,
  at: `2026-12-01T10:0${id}:00Z`,
  actor: 'ada',
  host: 'bastion',
  file: applied ? 'jail.d/bangui.local' : 'jail.d/bangui-myapp.local',
  diff: applied
    ? '--- a/jail.d/bangui.local\n+++ b/jail.d/bangui.local\n@@ -1,2 +1,2 @@\n [sshd]\n-bantime = 600\n+bantime = 3600\n'
    : '--- /dev/null\n+++ b/jail.d/bangui-myapp.local\n@@ -0,0 +1,2 @@\n+[myapp]\n+logpath = /var/log/missing.log\n',
  applied,
  error: applied ? null : 'Have not found any log file for myapp jail',
});
const connection = (hasNextPage: boolean) => ({
  configChanges: {
    totalCount: 21,
    nodes: [change(2, true), change(1, false)],
    pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: 'c2', endCursor: 'c1' },
  },
});

afterEach(cleanup);

describe('ConfigChangesPage', () => {
  it('shows each change with its file, state, time, actor and diff', () => {
    const { sent } = renderWithApi(<ConfigChangesPage />, { viewer: ADMIN, answers: { ConfigChanges: connection(true) } });
    expect(variablesOf(sent, 'ConfigChanges')).toEqual([{ first: 20, after: null, last: null, before: null }]);
    expect(screen.getByText('21 changes in all.')).toBeTruthy();
    const items = within(screen.getByRole('list', { name: 'Configuration changes' })).getAllByRole('article');
    expect(items.map((item) => item.getAttribute('aria-label'))).toEqual([
      `jail.d/bangui.local at ${formatDateTime('2026-12-01T10:02:00Z')}`,
      `jail.d/bangui-myapp.local at ${formatDateTime('2026-12-01T10:01:00Z')}`,
    ]);
    const [applied, refused] = items as [HTMLElement, HTMLElement];
    expect(within(applied).getByText('applied')).toBeTruthy();
    expect(within(applied).getByText(`${formatDateTime('2026-12-01T10:02:00Z')} by ada on bastion`)).toBeTruthy();
    const diff = within(applied).getByLabelText('Changes to jail.d/bangui.local: 1 added, 1 removed');
    expect([...diff.querySelectorAll('[data-kind]')].map((line) => [line.getAttribute('data-kind'), line.textContent])).toEqual([
      ['file', '--- a/jail.d/bangui.local'],
      ['file', '+++ b/jail.d/bangui.local'],
      ['hunk', '@@ -1,2 +1,2 @@'],
      ['context', ' [sshd]'],
      ['removed', '-bantime = 600'],
      ['added', '+bantime = 3600'],
    ]);
    expect(within(refused).getByText('refused')).toBeTruthy();
    expect(within(refused).getByText('fail2ban refused it: Have not found any log file for myapp jail')).toBeTruthy();
  });

  it('pages to older changes', () => {
    const { sent } = renderWithApi(<ConfigChangesPage />, { viewer: ADMIN, answers: { ConfigChanges: connection(true) } });
    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(variablesOf(sent, 'ConfigChanges').at(-1)).toEqual({ first: 20, after: 'c1', last: null, before: null });
  });

  it('reads the newest page again when the server announces a change', () => {
    const { sent, emit } = renderWithApi(<ConfigChangesPage />, { viewer: ADMIN, answers: { ConfigChanges: connection(false) } });
    expect((screen.getByRole('button', { name: 'Older' }) as HTMLButtonElement).disabled).toBe(true);
    const before = variablesOf(sent, 'ConfigChanges').length;
    emit('ConfigChanged', { configChanged: { __typename: 'ConfigChange', id: '3' } });
    expect(variablesOf(sent, 'ConfigChanges').length).toBe(before + 1);
  });

  it('says when nothing was changed yet', () => {
    renderWithApi(<ConfigChangesPage />, {
      viewer: ADMIN,
      answers: {
        ConfigChanges: {
          configChanges: {
            totalCount: 0,
            nodes: [],
            pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
          },
        },
      },
    });
    expect(screen.getByText('BanGUI has not changed fail2ban’s configuration yet.')).toBeTruthy();
  });
});
