// The fail2ban hosts: read once for pickers and links, or kept live for the hosts page and banners.
import { useEffect } from 'react';
import { useQuery, useSubscription } from 'urql';
import { HostStatusSubscription, HostsQuery } from '../api/operations';
import { useLatest } from '../components/useLatest';

/** How often the live list is read again, besides each connection or disconnection the server pushes. */
export const HOSTS_REFRESH_MS = 30_000;

/** A new host can join an empty list, which the document cache cannot see; name its type. */
export const HOSTS_CONTEXT = { additionalTypenames: ['Host'] };

/** Every host, local first; empty while loading or when they cannot be read. */
export function useHosts() {
  const [{ data }] = useQuery({ query: HostsQuery, context: HOSTS_CONTEXT });
  return data?.hosts ?? [];
}

/**
 * The hosts query, read again whenever an agent connects or disconnects (`hostStatus`) and every
 * HOSTS_REFRESH_MS, so connection states, versions and last-seen times stay current.
 */
export function useLiveHosts() {
  const [result, refetch] = useQuery({ query: HostsQuery, context: HOSTS_CONTEXT });
  const [{ data: pushed }] = useSubscription({ query: HostStatusSubscription });
  const refetchRef = useLatest(refetch);
  useEffect(() => {
    if (pushed) refetchRef.current({ requestPolicy: 'network-only' });
  }, [pushed, refetchRef]);
  useEffect(() => {
    const timer = setInterval(() => refetchRef.current({ requestPolicy: 'network-only' }), HOSTS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refetchRef]);
  return [result, refetch] as const;
}
