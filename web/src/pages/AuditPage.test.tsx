// @vitest-environment jsdom
// Tests the audit log page: entries as a table, loading older entries after the last id, empty and error states.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { AuditPage } from './AuditPage';
import { ADMIN, apiError, renderWithApi, variablesOf } from '../test/renderWithApi';
import { formatDateTime } from '../lib/format';

const entry = (id: number) => ({
  __typename: 'AuditEntry',
  id: `${id}`,
  at: `2024-05-01T10:${String(id % 60).padStart(2, '0')}:00Z`,
  actor: id % 2 ? 'ada' : 'token:ci',
  action: id % 2 ? 'banIp' : 'importBlocklist',
  target: id % 2 ? `sshd 192.0.2.${id}` : null,
  outcome: id === 99 ? 'FAIL2BAN_UNAVAILABLE' : 'ok',
});

// 50 entries (ids 100 to 51), then the last 3 (ids 50 to 48).
const auditLog = (variables: Record<string, unknown>) => {
  const top = variables.after ? Number(variables.after) - 1 : 100;
  const bottom = variables.after ? 48 : 51;
  const ids = Array.from({ length: top - bottom + 1 }, (_, i) => top - i);
  return { auditLog: ids.map(entry) };
};
const rows = () =>
  within(screen.getByRole('table', { name: 'Audit log' }))
    .getAllByRole('row')
    .slice(1);

afterEach(cleanup);

describe('AuditPage', () => {
  it('shows time, actor, action, target and outcome', () => {
    renderWithApi(<AuditPage />, { viewer: ADMIN, answers: { AuditLog: auditLog } });
    expect(rows()).toHaveLength(50);
    expect(
      rows()
        .slice(0, 2)
        .map((row) =>
          within(row)
            .getAllByRole('cell')
            .map((cell) => cell.textContent),
        ),
    ).toEqual([
      [formatDateTime('2024-05-01T10:40:00Z'), 'token:ci', 'importBlocklist', '—', 'ok'],
      [formatDateTime('2024-05-01T10:39:00Z'), 'ada', 'banIp', 'sshd 192.0.2.99', 'FAIL2BAN_UNAVAILABLE'],
    ]);
  });

  it('loads older entries after the last id until a short answer ends the log', () => {
    const { sent } = renderWithApi(<AuditPage />, { viewer: ADMIN, answers: { AuditLog: auditLog } });
    expect(variablesOf(sent, 'AuditLog')).toEqual([{ first: 50, after: null }]);
    fireEvent.click(screen.getByRole('button', { name: 'Load older entries' }));
    expect(variablesOf(sent, 'AuditLog').at(-1)).toEqual({ first: 50, after: '51' });
    expect(rows()).toHaveLength(53);
    expect(rows().at(-1)?.firstElementChild?.nextElementSibling?.textContent).toBe('token:ci');
    expect(screen.getByText('No older entries.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Load older entries' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('starts again from the newest entry on refresh', () => {
    const { sent } = renderWithApi(<AuditPage />, { viewer: ADMIN, answers: { AuditLog: auditLog } });
    fireEvent.click(screen.getByRole('button', { name: 'Load older entries' }));
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(variablesOf(sent, 'AuditLog').at(-1)).toEqual({ first: 50, after: null });
    expect(rows()).toHaveLength(50);
  });

  it('says when nothing was audited and shows errors', () => {
    renderWithApi(<AuditPage />, { viewer: ADMIN, answers: { AuditLog: { auditLog: [] } } });
    expect(screen.getByText('Nothing has been audited yet.')).toBeTruthy();
    cleanup();
    renderWithApi(<AuditPage />, { viewer: ADMIN, answers: { AuditLog: apiError('no', 'FORBIDDEN') } });
    expect(screen.getByRole('alert').textContent).toBe('Something went wrongYour role does not allow this.Retry');
  });
});
