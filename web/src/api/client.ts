// Creates the urql client: HTTP with the bearer token, subscriptions over graphql-ws, session-expiry detection.
import { Client, cacheExchange, fetchExchange, getOperationName, mapExchange, subscriptionExchange } from 'urql';
import type { Operation } from 'urql';
import { createClient as createWsClient } from 'graphql-ws';
import type { Client as WsClient } from 'graphql-ws';
import { endsSession, isSessionCloseCode } from '../lib/sessionRedirect';
import { resumablePayload } from '../lib/eventFeed';
import { wsUrl } from './wsUrl';

/** Context a subscription may carry to resume after its latest event when graphql-ws reconnects. */
export interface ResumeContext {
  resumeAfter?: () => string | null;
}

export interface ApiClients {
  client: Client;
  ws: WsClient;
}

/** The clients for `token`; `onSessionEnded` is called when the server says the session is gone. */
export function createApiClients(token: string | null, onSessionEnded: () => void): ApiClients {
  const ws = createWsClient({
    url: wsUrl(window.location),
    lazy: true,
    connectionParams: () => (token ? { token } : {}),
    retryAttempts: Infinity,
    shouldRetry: (event) => !(event instanceof CloseEvent && isSessionCloseCode(event.code)),
    on: {
      closed: (event) => {
        if (event instanceof CloseEvent && isSessionCloseCode(event.code)) onSessionEnded();
      },
    },
  });

  const client = new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: (): RequestInit => ({ headers: token ? { Authorization: `Bearer ${token}` } : {} }),
    exchanges: [
      mapExchange({
        onError(error, operation) {
          if (endsSession(getOperationName(operation.query), error.graphQLErrors)) onSessionEnded();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request, operation: Operation) {
          const resumeAfter = (operation.context as ResumeContext).resumeAfter;
          const base = { query: request.query ?? '', variables: request.variables ?? {}, operationName: request.operationName };
          const payload = resumeAfter ? resumablePayload(base, resumeAfter) : base;
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(payload, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return { client, ws };
}
