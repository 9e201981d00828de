// /jails: every jail of every host, or of the host chosen, with its counters (read again as the archive
// takes in bans) and settings, a ban form for operators, controls and a "Create jail" link for admins.
import { Link, useSearchParams } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { Title2, makeStyles, tokens } from '@fluentui/react-components';
import { JailsQuery } from '../api/operations';
import { canOperate, isAdmin } from '../lib/roles';
import { hostParam, localHostName, withHost } from '../lib/hosts';
import { useViewer } from '../app/ViewerContext';
import { JailCard } from '../jails/JailCard';
import { BanIpForm } from '../jails/BanIpForm';
import { HostPicker } from '../hosts/HostPicker';
import { useHosts } from '../hosts/useHosts';
import { Panel } from '../components/Panel';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';
import { useRefetchThrottle } from '../components/useRefetchThrottle';
import { useDashboardChanged } from '../dashboard/useDashboardChanged';

const useStyles = makeStyles({
  head: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'space-between' },
  picker: { maxWidth: '260px' },
  create: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    fontWeight: tokens.fontWeightSemibold,
    textDecoration: 'none',
    ':hover': { backgroundColor: tokens.colorBrandBackgroundHover, color: tokens.colorNeutralForegroundOnBrand },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
});

export function JailsPage() {
  const styles = useStyles();
  const { role } = useViewer();
  const [params, setParams] = useSearchParams();
  const host = hostParam(params);
  const hosts = useHosts();
  const localHost = localHostName(hosts);
  const [{ data, fetching, error }, refetch] = useQuery({ query: JailsQuery, variables: { host } });
  const client = useClient();
  const follow = useRefetchThrottle(() => client.query(JailsQuery, { host }, { requestPolicy: 'network-only' }).toPromise());
  useDashboardChanged({ jail: null, host }, follow);
  const jails = data?.jails ?? [];

  return (
    <>
      <div className={styles.head}>
        <Title2 as="h1" style={{ margin: 0 }}>
          Jails
        </Title2>
        {isAdmin(role) && (
          <Link to={host ? `/jails/new?${withHost('', host)}` : '/jails/new'} className={styles.create}>
            Create jail
          </Link>
        )}
      </div>
      <HostPicker
        value={host ?? ''}
        hosts={hosts.map((h) => h.name)}
        onChange={(next) => setParams(withHost(params, next || null))}
        className={styles.picker}
      />
      {error && <ErrorView error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {fetching && !data && <LoadingView label="Loading jails…" />}
      {data && canOperate(role) && jails.some((j) => j.running) && (
        <Panel title="Ban an address">
          <BanIpForm jails={jails.filter((j) => j.running)} />
        </Panel>
      )}
      {data && jails.length === 0 && <EmptyState>{host ? `${host} runs no jails now.` : 'fail2ban runs no jails.'}</EmptyState>}
      {jails.map((jail) => (
        <JailCard key={`${jail.host} ${jail.name}`} jail={jail} local={jail.host === localHost} admin={isAdmin(role)} />
      ))}
    </>
  );
}
