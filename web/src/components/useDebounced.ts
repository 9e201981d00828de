// A value that follows another once it has stopped changing for a while, for work done as people type.
import { useEffect, useState } from 'react';

/** `value` as it was `delayMs` after its latest change. */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
