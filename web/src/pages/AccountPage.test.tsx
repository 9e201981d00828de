// @vitest-environment jsdom
// Tests the account page: changing one's own password, with checks and the server's answer.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { AccountPage } from './AccountPage';
import { VIEWER, apiError, renderWithApi, variablesOf } from '../test/renderWithApi';

function fill(current: string, next: string, repeat: string) {
  fireEvent.change(screen.getByLabelText(/^Current password/), { target: { value: current } });
  fireEvent.change(screen.getByLabelText(/^New password/), { target: { value: next } });
  fireEvent.change(screen.getByLabelText(/^Repeat new password/), { target: { value: repeat } });
  fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

afterEach(cleanup);

describe('AccountPage', () => {
  it('shows the account and checks the new password before sending it', () => {
    const { sent } = renderWithApi(<AccountPage />, { viewer: VIEWER, answers: {} });
    expect(screen.getByRole('heading', { name: 'vera' })).toBeTruthy();
    expect(screen.getByText('Role: VIEWER')).toBeTruthy();
    fill('old password 1', 'too short', 'too short!');
    expect(screen.getByText('At least 12 characters.', { selector: '[id$="__validationMessage"]' })).toBeTruthy();
    expect(screen.getByText('The passwords do not match.')).toBeTruthy();
    expect(variablesOf(sent, 'ChangePassword')).toHaveLength(0);
  });

  it('changes the password', async () => {
    const { sent } = renderWithApi(<AccountPage />, { viewer: VIEWER, answers: { ChangePassword: { changePassword: true } } });
    fill('old password 1', 'a much longer one', 'a much longer one');
    expect((await screen.findByRole('status')).textContent).toBe('Your password was changed. Your other sessions have ended.');
    expect(variablesOf(sent, 'ChangePassword')).toEqual([{ currentPassword: 'old password 1', newPassword: 'a much longer one' }]);
    expect((screen.getByLabelText(/^Current password/) as HTMLInputElement).value).toBe('');
  });

  it("shows the server's message for a wrong current password", async () => {
    renderWithApi(<AccountPage />, {
      viewer: VIEWER,
      answers: { ChangePassword: apiError('the current password is wrong', 'BAD_USER_INPUT') },
    });
    fill('not my password', 'a much longer one', 'a much longer one');
    expect((await screen.findByRole('alert')).textContent).toBe('Password not changedthe current password is wrong');
  });
});
