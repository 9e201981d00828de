// The error of a configuration change: says plainly when fail2ban refused it, with fail2ban's reason.
import type { CombinedError } from 'urql';
import { errorMessage, isRefusedChange } from '../api/errors';
import { ErrorView } from './ErrorView';

export const REFUSED_TITLE = 'fail2ban refused the change';

/** `title` names what did not happen for any other error (e.g. "Settings not saved"). */
export function ChangeErrorView({ error, title }: { error: CombinedError; title: string }) {
  if (!isRefusedChange(error)) return <ErrorView error={error} title={title} />;
  return <ErrorView error={`${errorMessage(error)} Nothing of the change was kept.`} title={REFUSED_TITLE} />;
}
