// Subscribes to banEvents, opening with the last archived events, and keeps the feed; after a reconnect it
// resumes after the last event received.
import { useMemo, useRef } from 'react';
import { useSubscription } from 'urql';
import { BanEventsSubscription } from '../api/operations';
import type { BanEventFilter, BanEventsSubscription as BanEventsResult } from '../gql/graphql';
import type { ResumeContext } from '../api/client';
import { FEED_REPLAY, addEvent, emptyFeed } from '../lib/eventFeed';
import type { FeedState } from '../lib/eventFeed';

export type FeedItem = BanEventsResult['banEvents'];

export function useBanEventFeed(filter: BanEventFilter | null) {
  const cursor = useRef<string | null>(null);
  const context = useMemo<ResumeContext>(() => ({ resumeAfter: () => cursor.current }), []);
  const [result] = useSubscription(
    { query: BanEventsSubscription, variables: { filter, last: FEED_REPLAY }, context },
    (previous: FeedState<FeedItem> | undefined, data: BanEventsResult): FeedState<FeedItem> => {
      const next = addEvent(previous ?? emptyFeed<FeedItem>(), data.banEvents);
      cursor.current = next.lastCursor;
      return next;
    },
  );
  return { feed: result.data ?? emptyFeed<FeedItem>(), error: result.error };
}
