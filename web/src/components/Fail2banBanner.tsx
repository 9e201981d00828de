// Warns when fail2ban does not answer; rechecks every 30 seconds.
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { HealthQuery } from '../api/operations';
import { formatDateTime } from '../lib/format';

const RECHECK_MS = 30_000;

export function Fail2banBanner() {
  const [{ data }, refetch] = useQuery({ query: HealthQuery });
  useEffect(() => {
    const timer = window.setInterval(() => refetch({ requestPolicy: 'network-only' }), RECHECK_MS);
    return () => window.clearInterval(timer);
  }, [refetch]);

  const status = data?.health.fail2ban;
  if (!status || status.reachable) return null;
  return (
    <MessageBar intent="warning" role="alert">
      <MessageBarBody>
        <MessageBarTitle>fail2ban is not reachable</MessageBarTitle>
        Bans and jail changes are unavailable; history is still shown. Last checked {formatDateTime(status.checkedAt)}.
      </MessageBarBody>
    </MessageBar>
  );
}
