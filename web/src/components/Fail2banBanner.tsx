// Warns while fail2ban does not answer: the server pushes every change of its reachability.
import { useSubscription } from 'urql';
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { Fail2banStatusSubscription } from '../api/operations';
import { formatDateTime } from '../lib/format';

export function Fail2banBanner() {
  const [{ data }] = useSubscription({ query: Fail2banStatusSubscription });
  const status = data?.fail2banStatus;
  if (!status || status.reachable) return null;
  return (
    <MessageBar intent="warning" role="alert">
      <MessageBarBody>
        <MessageBarTitle>fail2ban is not reachable</MessageBarTitle>
        Bans and jail changes are unavailable; history is still shown. Not reachable since {formatDateTime(status.checkedAt)}.
      </MessageBarBody>
    </MessageBar>
  );
}
