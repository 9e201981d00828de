// @vitest-environment jsdom
// Tests that a closing dialog keeps what it showed.
import { describe, expect, it } from 'vitest';
import { renderHook } from '@testing-library/react';
import { useLastShown } from './useLastShown';

describe('useLastShown', () => {
  it('keeps the last value that was not null', () => {
    const { result, rerender } = renderHook(({ value }: { value: string | null }) => useLastShown(value), {
      initialProps: { value: null as string | null },
    });
    expect(result.current).toBeNull();
    rerender({ value: '192.0.2.1' });
    expect(result.current).toBe('192.0.2.1');
    rerender({ value: null });
    expect(result.current).toBe('192.0.2.1');
    rerender({ value: '192.0.2.2' });
    expect(result.current).toBe('192.0.2.2');
    rerender({ value: null });
    expect(result.current).toBe('192.0.2.2');
  });
});
