// Gate for the signed-in pages: sends to /setup or /login when needed, then shows the layout.
import { useEffect } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useQuery } from 'urql';
import { SessionQuery } from '../api/operations';
import { loginUrlFor } from '../lib/sessionRedirect';
import { useSession } from './SessionProvider';
import { ViewerContext } from './ViewerContext';
import { Layout } from './Layout';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';

export function RequireViewer() {
  const { token, endSession } = useSession();
  const location = useLocation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: SessionQuery });
  const expired = Boolean(token && data && !data.setupRequired && !data.viewer);

  useEffect(() => {
    if (expired) endSession();
  }, [expired, endSession]);

  if (fetching && !data) return <LoadingView label="Checking your session…" />;
  if (error && !data) return <ErrorView error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (data?.setupRequired) return <Navigate to="/setup" replace />;
  if (!data?.viewer) {
    if (expired) return <LoadingView label="Signing out…" />;
    return <Navigate to={loginUrlFor(location.pathname, location.search)} replace />;
  }
  return (
    <ViewerContext.Provider value={data.viewer}>
      <Layout />
    </ViewerContext.Provider>
  );
}
