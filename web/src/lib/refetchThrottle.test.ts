// Tests the refetch throttle: one read at a time, at most one a second, requests in between folded into one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REFETCH_INTERVAL_MS, refetchThrottle } from './refetchThrottle';

/** A read that counts its calls and ends when the test says. */
function deferredRead() {
  const ends: Array<() => void> = [];
  const read = vi.fn(() => new Promise<void>((resolve) => ends.push(resolve)));
  const end = async (index: number) => {
    ends[index]?.();
    await vi.advanceTimersByTimeAsync(0);
  };
  return { read, end };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('refetchThrottle', () => {
  it('reads at once on the first request, and once only', async () => {
    const { read, end } = deferredRead();
    refetchThrottle(read).request();
    expect(read).toHaveBeenCalledTimes(1);
    await end(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('folds the requests made during a read into one more, a second after the first began', async () => {
    const { read, end } = deferredRead();
    const throttle = refetchThrottle(read);
    throttle.request();
    throttle.request();
    throttle.request();
    await vi.advanceTimersByTimeAsync(300);
    await end(0);
    expect(read).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(REFETCH_INTERVAL_MS - 301);
    expect(read).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(read).toHaveBeenCalledTimes(2);
    await end(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('reads at once after a read that took over a second, and a second after the start of a quicker one', async () => {
    const { read, end } = deferredRead();
    const throttle = refetchThrottle(read);
    throttle.request();
    await vi.advanceTimersByTimeAsync(1500);
    await end(0);
    throttle.request();
    expect(read).toHaveBeenCalledTimes(2);
    await end(1);
    await vi.advanceTimersByTimeAsync(200);
    throttle.request();
    throttle.request();
    expect(read).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(REFETCH_INTERVAL_MS - 200);
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('counts a failed read as done', async () => {
    const read = vi.fn(() => Promise.reject(new Error('offline')));
    const throttle = refetchThrottle(read);
    throttle.request();
    throttle.request();
    await vi.advanceTimersByTimeAsync(REFETCH_INTERVAL_MS);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('drops a waiting read and later requests once stopped', async () => {
    const { read, end } = deferredRead();
    const throttle = refetchThrottle(read);
    throttle.request();
    await end(0);
    throttle.request();
    throttle.stop();
    throttle.request();
    await vi.advanceTimersByTimeAsync(5000);
    expect(read).toHaveBeenCalledTimes(1);
  });
});
