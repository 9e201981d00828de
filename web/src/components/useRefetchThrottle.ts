// A component's throttled read: one at a time, at most one a second, stopped when the component goes.
import { useCallback, useEffect, useRef } from 'react';
import { refetchThrottle } from '../lib/refetchThrottle';
import type { RefetchThrottle } from '../lib/refetchThrottle';
import { useLatest } from './useLatest';

/** A stable function asking for a run of the latest `read`, throttled as `refetchThrottle` does. */
export function useRefetchThrottle(read: () => Promise<unknown>): () => void {
  const readRef = useLatest(read);
  const throttle = useRef<RefetchThrottle | null>(null);
  useEffect(() => {
    const created = refetchThrottle(() => readRef.current());
    throttle.current = created;
    return () => {
      created.stop();
      throttle.current = null;
    };
  }, [readRef]);
  return useCallback(() => throttle.current?.request(), []);
}
