// Keeps the live ban feed: newest first, without duplicates, and the cursor to resume from.

export interface FeedEvent {
  cursor: string;
}

export interface FeedState<E extends FeedEvent> {
  /** Newest first. */
  events: E[];
  /** Cursor of the latest event received, to pass as `after` when resubscribing. */
  lastCursor: string | null;
}

export const FEED_LIMIT = 50;

/** How many archived events the feed opens with, before the live ones. */
export const FEED_REPLAY = 20;

export function emptyFeed<E extends FeedEvent>(): FeedState<E> {
  return { events: [], lastCursor: null };
}

/**
 * Adds an event received from the subscription. An event already in the feed (sent again
 * after a reconnect) is ignored; the feed keeps at most `limit` events.
 */
export function addEvent<E extends FeedEvent>(state: FeedState<E>, event: E, limit = FEED_LIMIT): FeedState<E> {
  if (state.lastCursor === event.cursor || state.events.some((e) => e.cursor === event.cursor)) return state;
  return { events: [event, ...state.events].slice(0, limit), lastCursor: event.cursor };
}

type ResumableVariables<V> = V & { after?: string | null; last?: number | null };

/**
 * The subscription payload whose `variables.after` is read when the payload is sent, so that
 * graphql-ws, which sends the same payload again after reconnecting, resumes after the last
 * event received instead of where the subscription started. `last` (replay the last events)
 * is sent only while there is no `after`: the server takes one or the other.
 */
export function resumablePayload<V extends Record<string, unknown>>(
  base: { query: string; variables?: V; operationName?: string },
  lastCursor: () => string | null,
): { query: string; variables: ResumableVariables<V>; operationName?: string } {
  const payload = { query: base.query, operationName: base.operationName } as {
    query: string;
    variables: ResumableVariables<V>;
    operationName?: string;
  };
  Object.defineProperty(payload, 'variables', {
    enumerable: true,
    get: () => {
      const cursor = lastCursor();
      const variables = { ...(base.variables ?? {}) } as ResumableVariables<V>;
      if (cursor) variables.after = cursor;
      if (variables.after) delete variables.last;
      return variables;
    },
  });
  return payload;
}
