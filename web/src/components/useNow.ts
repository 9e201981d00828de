// The current time, renewed on an interval, for texts such as "5 min ago" that age while shown.
import { useEffect, useState } from 'react';

/** Now, as of the latest tick of `intervalMs`. */
export function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
