// One confirmed action on a row of a table: ask, run it, report how it went.
import { useState } from 'react';
import type { CombinedError } from 'urql';
import { errorMessage } from '../api/errors';
import type { NoticeValue } from './Notice';
import { useLastShown } from './useLastShown';

interface Options<T> {
  /** Runs the action on the row; resolves to the mutation's error, if any. */
  run: (row: T) => Promise<{ error?: CombinedError }>;
  /** How the row is named in the outcome, e.g. its username. */
  name: (row: T) => string;
  /** The action's past participle, e.g. "deleted". */
  done: string;
  onDone: (outcome: NoticeValue) => void;
}

/**
 * `asking` is the row waiting for confirmation (the dialog is open while it is set);
 * `shown` keeps naming it while the dialog closes.
 */
export function useConfirmedAction<T>({ run, name, done, onDone }: Options<T>) {
  const [asking, setAsking] = useState<T | null>(null);
  const shown = useLastShown(asking);

  const confirm = async () => {
    if (asking === null) return;
    const row = asking;
    const { error } = await run(row);
    setAsking(null);
    const label = name(row);
    const capitalised = done.charAt(0).toUpperCase() + done.slice(1);
    onDone(
      error
        ? { ok: false, message: `${label} was not ${done}: ${errorMessage(error)}` }
        : { ok: true, message: `${capitalised} ${label}.` },
    );
  };

  return { asking, shown, ask: setAsking, cancel: () => setAsking(null), confirm };
}
