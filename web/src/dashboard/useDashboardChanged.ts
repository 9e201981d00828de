// Subscribes to dashboardChanged for a jail and a host and hands each delta the archive sends to a callback.
import { useEffect } from 'react';
import { useSubscription } from 'urql';
import { DashboardChangedSubscription } from '../api/operations';
import type { DashboardChangedSubscription as DashboardChangedResult } from '../gql/graphql';
import { useLatest } from '../components/useLatest';

export type DashboardDelta = DashboardChangedResult['dashboardChanged'];

export interface DashboardScope {
  /** A jail's name, or null for every jail. */
  jail: string | null;
  /** A host's name, or null for every host. */
  host: string | null;
}

/**
 * Calls `onDelta` with each delta for `scope`: at most one a second, and only when the archive took
 * something in. Subscribes only while `follow` is true.
 */
export function useDashboardChanged(scope: DashboardScope, onDelta: (delta: DashboardDelta) => void, follow = true) {
  const onDeltaRef = useLatest(onDelta);
  const [{ data }] = useSubscription({
    query: DashboardChangedSubscription,
    variables: { jail: scope.jail, host: scope.host },
    pause: !follow,
  });
  // Each message is a new object, so this runs once per delta.
  useEffect(() => {
    if (data) onDeltaRef.current(data.dashboardChanged);
  }, [data, onDeltaRef]);
}
