// The GraphiQL playground, sending the dashboard's session token with every request.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { wsUrl } from './api/wsUrl';
import { readToken } from './api/token';

const token = readToken();

const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  subscriptionUrl: wsUrl(window.location),
  headers: token ? { Authorization: `Bearer ${token}` } : {},
  wsConnectionParams: token ? { token } : {},
});

const root = document.getElementById('playground');
if (!root) throw new Error('missing #playground');
createRoot(root).render(<GraphiQL fetcher={fetcher} />);
