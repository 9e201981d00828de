// /jails: every jail with its counters and settings, a ban form for operators, controls for admins.
import { useQuery } from 'urql';
import { Title2 } from '@fluentui/react-components';
import { JailsQuery } from '../api/operations';
import { canOperate, isAdmin } from '../lib/roles';
import { useViewer } from '../app/ViewerContext';
import { JailCard } from '../jails/JailCard';
import { BanIpForm } from '../jails/BanIpForm';
import { Panel } from '../components/Panel';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';

export function JailsPage() {
  const { role } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: JailsQuery });
  const jails = data?.jails ?? [];

  return (
    <>
      <Title2 as="h1" style={{ margin: 0 }}>
        Jails
      </Title2>
      {error && <ErrorView error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {fetching && !data && <LoadingView label="Loading jails…" />}
      {data && canOperate(role) && jails.some((j) => j.running) && (
        <Panel title="Ban an address">
          <BanIpForm jails={jails.filter((j) => j.running).map((j) => j.name)} />
        </Panel>
      )}
      {data && jails.length === 0 && <EmptyState>fail2ban runs no jails.</EmptyState>}
      {jails.map((jail) => (
        <JailCard key={jail.name} jail={jail} admin={isAdmin(role)} />
      ))}
    </>
  );
}
