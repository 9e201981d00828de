// Test messages on their way: the delivery of each is read again every second until it is
// delivered or failed, or about 30 s have passed.
import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import { RecentDeliveriesQuery } from '../api/notificationOperations';
import type { DeliveryFieldsFragment } from '../gql/graphql';
import { TEST_POLL_MS, advanceTests, isFollowed } from '../lib/deliveries';
import type { TestDelivery } from '../lib/deliveries';
import { useLatest } from '../components/useLatest';

/** How many of the newest deliveries are read to find the tests' among them. */
export const RECENT_DELIVERIES = 50;

/** `onFinished` is called once for each test that settled or was waited for long enough. */
export function useTestDeliveries(onFinished: (test: TestDelivery) => void) {
  const client = useClient();
  const [tests, setTests] = useState<readonly TestDelivery[]>([]);
  const testsRef = useLatest(tests);
  const onFinishedRef = useLatest(onFinished);
  const followed = tests.some(isFollowed);

  // Each read schedules the next one through the new state, so reads never overlap.
  useEffect(() => {
    if (!followed) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      void client
        .query(RecentDeliveriesQuery, { first: RECENT_DELIVERIES }, { requestPolicy: 'network-only' })
        .toPromise()
        .then((result) => {
          if (cancelled) return;
          const { tests: next, finished } = advanceTests(testsRef.current, result.data?.deliveries.nodes ?? []);
          setTests(next);
          finished.forEach((test) => onFinishedRef.current(test));
        });
    }, TEST_POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [followed, tests, client, testsRef, onFinishedRef]);

  /** Follows the delivery `testNotificationChannel` returned for a channel, instead of that channel's earlier test. */
  const follow = (channel: { id: string; name: string }, delivery: DeliveryFieldsFragment) => {
    const test: TestDelivery = { channelId: channel.id, channelName: channel.name, delivery, polls: 0 };
    setTests((current) => [...current.filter((t) => t.channelId !== channel.id), test]);
    if (!isFollowed(test)) onFinished(test);
  };

  const byChannel = new Map(tests.map((test) => [test.channelId, test]));
  return { byChannel, follow };
}
