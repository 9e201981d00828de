// @vitest-environment jsdom
// Tests that the banner follows fail2ban's reachability as the server pushes it.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen } from '@testing-library/react';
import { Fail2banBanner } from './Fail2banBanner';
import { VIEWER, renderWithApi } from '../test/renderWithApi';

const status = (reachable: boolean, checkedAt: string) => ({ fail2banStatus: { reachable, checkedAt } });

describe('Fail2banBanner', () => {
  afterEach(cleanup);

  it('follows the reachability the server pushes', () => {
    const { emit } = renderWithApi(<Fail2banBanner />, { viewer: VIEWER, answers: {} });
    expect(screen.queryByRole('alert')).toBeNull();

    act(() => emit('Fail2banStatus', status(true, '2026-11-23T10:00:00Z')));
    expect(screen.queryByRole('alert')).toBeNull();

    act(() => emit('Fail2banStatus', status(false, '2026-11-23T10:00:02Z')));
    const banner = screen.getByRole('alert');
    expect(banner.textContent).toContain('fail2ban is not reachable');
    expect(banner.textContent).toContain('Bans and jail changes are unavailable; history is still shown.');

    act(() => emit('Fail2banStatus', status(true, '2026-11-23T10:00:30Z')));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
