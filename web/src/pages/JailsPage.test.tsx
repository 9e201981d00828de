// @vitest-environment jsdom
// Tests that the jails page shows controls by role and validates settings.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { JailsPage } from './JailsPage';
import { ADMIN, OPERATOR, VIEWER, renderWithApi } from '../test/renderWithApi';
import { figuresIn } from '../test/figures';

const answers = {
  Jails: {
    jails: [
      {
        __typename: 'Jail',
        name: 'sshd',
        running: true,
        currentlyFailed: 2,
        totalFailed: 40,
        currentlyBanned: 3,
        totalBanned: 17,
        banTime: 600,
        findTime: 60,
        maxRetry: 5,
        ignoreIps: ['127.0.0.1/8'],
        enabled: true,
        managed: false,
      },
      {
        __typename: 'Jail',
        name: 'myapp',
        running: true,
        currentlyFailed: 0,
        totalFailed: 0,
        currentlyBanned: 0,
        totalBanned: 0,
        banTime: -1,
        findTime: 3600,
        maxRetry: 3,
        ignoreIps: [],
        enabled: false,
        managed: true,
      },
    ],
  },
};

afterEach(cleanup);

describe('JailsPage', () => {
  it('shows a VIEWER the counters and settings but no controls', () => {
    renderWithApi(<JailsPage />, { viewer: VIEWER, answers });
    const sshd = screen.getByRole('region', { name: 'sshd' });
    expect(within(sshd).getByRole('heading', { name: 'sshd' })).toBeTruthy();
    expect(figuresIn(sshd)).toEqual({ 'Banned now': '3', 'Banned in total': '17', 'Failing now': '2', 'Failures in total': '40' });
    expect(screen.getByText('Ban time: 10 min')).toBeTruthy();
    expect(screen.getByText('127.0.0.1/8')).toBeTruthy();
    expect(within(sshd).getByRole('link', { name: 'sshd' }).getAttribute('href')).toBe('/jails/sshd');
    const myapp = screen.getByRole('region', { name: 'myapp' });
    expect(within(myapp).getByText('Ban time: permanent')).toBeTruthy();
    expect(within(myapp).getByText('disabled')).toBeTruthy();
    expect(within(myapp).getByText('created in BanGUI')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /ban|unban|save|stop|start|reload|remove|add/i })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Create jail' })).toBeNull();
  });

  it('gives an OPERATOR the ban form only', () => {
    renderWithApi(<JailsPage />, { viewer: OPERATOR, answers });
    expect(screen.getByRole('button', { name: 'Ban' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save settings' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Stop sshd' })).toBeNull();
  });

  it('gives an ADMIN settings, ignore list and jail controls', () => {
    renderWithApi(<JailsPage />, { viewer: ADMIN, answers });
    expect(screen.getAllByRole('button', { name: 'Save settings' })).toHaveLength(2);
    expect(screen.getByRole('link', { name: 'Create jail' }).getAttribute('href')).toBe('/jails/new');
    expect(screen.getByRole('button', { name: 'Stop sshd' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reload sshd' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Stop ignoring 127.0.0.1/8' })).toBeTruthy();
  });

  it('refuses invalid settings without sending them', () => {
    const { sent } = renderWithApi(<JailsPage />, { viewer: ADMIN, answers });
    const sshd = screen.getByRole('form', { name: 'Settings of sshd' });
    fireEvent.change(within(sshd).getByLabelText(/Max retry/), { target: { value: '0' } });
    fireEvent.click(within(sshd).getByRole('button', { name: 'Save settings' }));
    expect(screen.getByText('A whole number, at least 1.')).toBeTruthy();
    expect(sent.map((op) => op.name)).toEqual(['Jails']);
  });

  it('sends only the changed setting', async () => {
    const { sent } = renderWithApi(<JailsPage />, {
      viewer: ADMIN,
      answers: { ...answers, UpdateJail: { updateJail: answers.Jails.jails[0] } },
    });
    const sshd = screen.getByRole('form', { name: 'Settings of sshd' });
    fireEvent.change(within(sshd).getByLabelText(/Find time/), { target: { value: '120' } });
    fireEvent.click(within(sshd).getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Saved.');
    expect(sent.find((op) => op.name === 'UpdateJail')?.variables).toEqual({ name: 'sshd', input: { findTime: 120 } });
  });
});
