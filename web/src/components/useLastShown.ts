// Keeps the last value a dialog showed, so that it still shows it while it closes.
import { useState } from 'react';

/**
 * `value`, or while it is null the last value that was not. A dialog fed with this can be
 * closed (open=false) and fade out with its content instead of being removed while open.
 */
export function useLastShown<T>(value: T | null): T | null {
  const [last, setLast] = useState<T | null>(value);
  if (value !== null && !Object.is(value, last)) setLast(value);
  return value ?? last;
}
