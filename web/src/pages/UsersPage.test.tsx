// @vitest-environment jsdom
// Tests the users page: the list, adding an account with checks and server errors, deleting after confirmation.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { UsersPage } from './UsersPage';
import { ADMIN, apiError, renderWithApi, variablesOf } from '../test/renderWithApi';
import { formatDateTime } from '../lib/format';

const user = (id: string, username: string, role: string) => ({
  __typename: 'User',
  id,
  username,
  role,
  createdAt: '2024-02-01T08:00:00Z',
});

const answers = {
  Users: { users: [user('3', 'ada', 'ADMIN'), user('2', 'otto', 'OPERATOR'), user('1', 'vera', 'VIEWER')] },
};

afterEach(cleanup);

describe('UsersPage', () => {
  it('lists the accounts, marking the signed-in one, which has no delete button', () => {
    renderWithApi(<UsersPage />, { viewer: ADMIN, answers });
    const rows = within(screen.getByRole('table', { name: 'Users' }))
      .getAllByRole('row')
      .slice(1);
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      ['ada you', 'ADMIN', formatDateTime('2024-02-01T08:00:00Z'), ''],
      ['otto', 'OPERATOR', formatDateTime('2024-02-01T08:00:00Z'), 'Delete'],
      ['vera', 'VIEWER', formatDateTime('2024-02-01T08:00:00Z'), 'Delete'],
    ]);
    expect(screen.queryByRole('button', { name: 'Delete ada' })).toBeNull();
  });

  it('checks a new account before sending it', () => {
    const { sent } = renderWithApi(<UsersPage />, { viewer: ADMIN, answers });
    fireEvent.change(screen.getByLabelText(/^Username/), { target: { value: 'grace hopper' } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    expect(screen.getByText('1 to 64 letters, digits or . _ @ -')).toBeTruthy();
    expect(screen.getByText('At least 12 characters.', { selector: '[id$="__validationMessage"]' })).toBeTruthy();
    expect(screen.getByText('The passwords do not match.')).toBeTruthy();
    expect(variablesOf(sent, 'CreateUser')).toHaveLength(0);
  });

  it('adds an account with the chosen role', async () => {
    const { sent } = renderWithApi(<UsersPage />, {
      viewer: ADMIN,
      answers: { ...answers, CreateUser: { createUser: user('4', 'grace', 'OPERATOR') } },
    });
    fireEvent.change(screen.getByLabelText(/^Username/), { target: { value: 'grace' } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 'correct horse battery' } });
    fireEvent.change(screen.getByLabelText(/^Repeat password/), { target: { value: 'correct horse battery' } });
    fireEvent.change(screen.getByLabelText(/^Role/), { target: { value: 'OPERATOR' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    expect((await screen.findByRole('status')).textContent).toBe('Added grace.Dismiss');
    expect(variablesOf(sent, 'CreateUser')).toEqual([{ username: 'grace', password: 'correct horse battery', role: 'OPERATOR' }]);
    expect((screen.getByLabelText(/^Username/) as HTMLInputElement).value).toBe('');
  });

  it("shows the server's message when it refuses the account", async () => {
    renderWithApi(<UsersPage />, {
      viewer: ADMIN,
      answers: { ...answers, CreateUser: apiError('a user named "vera" exists already', 'CONFLICT') },
    });
    fireEvent.change(screen.getByLabelText(/^Username/), { target: { value: 'vera' } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 'correct horse battery' } });
    fireEvent.change(screen.getByLabelText(/^Repeat password/), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    expect((await screen.findByRole('alert')).textContent).toBe('User not addeda user named "vera" exists already');
  });

  it('deletes an account only after confirmation', async () => {
    const { sent } = renderWithApi(<UsersPage />, { viewer: ADMIN, answers: { ...answers, DeleteUser: { deleteUser: true } } });
    fireEvent.click(screen.getByRole('button', { name: 'Delete vera' }));
    const dialog = within(screen.getByRole('alertdialog'));
    expect(dialog.getByText('vera will be deleted, signed out everywhere, and its API tokens revoked.')).toBeTruthy();
    fireEvent.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(variablesOf(sent, 'DeleteUser')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Delete vera' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    expect((await screen.findByRole('status')).textContent).toBe('Deleted vera.Dismiss');
    expect(variablesOf(sent, 'DeleteUser')).toEqual([{ id: '1' }]);
  });

  it('reports a refused deletion', async () => {
    renderWithApi(<UsersPage />, { viewer: ADMIN, answers: { ...answers, DeleteUser: apiError('the last ADMIN stays', 'CONFLICT') } });
    fireEvent.click(screen.getByRole('button', { name: 'Delete otto' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    expect((await screen.findByRole('status')).textContent).toBe('otto was not deleted: the last ADMIN staysDismiss');
  });

  it('shows an error with a retry button when the list cannot be read', () => {
    renderWithApi(<UsersPage />, { viewer: ADMIN, answers: { Users: apiError('no', 'INTERNAL_SERVER_ERROR') } });
    expect(screen.getByRole('alert').textContent).toBe('Something went wrongThe server failed to do this.Retry');
  });
});
