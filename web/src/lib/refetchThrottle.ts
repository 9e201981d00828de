// Reads something again on request, one read at a time and at most one a second: requests made while a
// read runs, or too soon after one started, are folded into one more read, made as soon as it may be.

/** The shortest time between the starts of two reads. */
export const REFETCH_INTERVAL_MS = 1000;

export interface RefetchThrottle {
  /** Asks for a read: at once when none runs and the last one started long enough ago, else one more once it may. */
  request(): void;
  /** Drops a read that waits and every later request. */
  stop(): void;
}

/** A throttle for `read`; a read that fails counts as done (its error reaches whoever shows the data). */
export function refetchThrottle(read: () => Promise<unknown>, intervalMs: number = REFETCH_INTERVAL_MS): RefetchThrottle {
  let running = false;
  let wanted = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastStart = -Infinity;

  const done = () => {
    running = false;
    if (wanted) request();
  };
  const start = () => {
    timer = null;
    running = true;
    wanted = false;
    lastStart = Date.now();
    new Promise((resolve) => resolve(read())).then(done, done);
  };
  function request() {
    if (stopped) return;
    if (running) {
      wanted = true;
      return;
    }
    if (timer !== null) return;
    const wait = lastStart + intervalMs - Date.now();
    if (wait <= 0) start();
    else timer = setTimeout(start, wait);
  }
  const stop = () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return { request, stop };
}
