// Keeps the latest value of a prop or callback for effects and handlers that must not re-run when it changes.
import { useLayoutEffect, useRef } from 'react';

/**
 * A ref holding `value` as of the latest committed render. It is updated in a layout effect,
 * so effects and event handlers of that render already see the new value.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
