// Warns about each agent host that is not connected, on every page: its commands fail until its agent
// connects again. Kept live by the hosts the server pushes.
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { HostFieldsFragment } from '../gql/graphql';
import { formatDateTime, formatTimeAgo } from '../lib/format';
import { useNow } from '../components/useNow';
import { useLiveHosts } from './useHosts';

/** How often "last seen … ago" is worked out again. */
const AGE_TICK_MS = 30_000;

export function HostBanners() {
  const [{ data }] = useLiveHosts();
  const now = useNow(AGE_TICK_MS);
  const down = (data?.hosts ?? []).filter((host) => !host.local && !host.connected);
  return (
    <>
      {down.map((host) => (
        <HostBanner key={host.id} host={host} now={now} />
      ))}
    </>
  );
}

function HostBanner({ host, now }: { host: HostFieldsFragment; now: Date }) {
  const seen = host.lastSeenAt
    ? `Its agent was last seen ${formatTimeAgo(host.lastSeenAt, now)} (${formatDateTime(host.lastSeenAt)}).`
    : 'Its agent has never connected.';
  return (
    <MessageBar intent="warning" role="alert">
      <MessageBarBody>
        <MessageBarTitle>Host {host.name} is not connected</MessageBarTitle>
        {seen} Its bans and jail changes are unavailable; its history is still shown.
        {host.refusal && ` The hub refused its agent: ${host.refusal}`}
      </MessageBarBody>
    </MessageBar>
  );
}
