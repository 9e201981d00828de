// /jails: every jail with its counters and settings, a ban form for operators, controls and a
// "Create jail" link for admins.
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { Title2, makeStyles, tokens } from '@fluentui/react-components';
import { JailsQuery } from '../api/operations';
import { canOperate, isAdmin } from '../lib/roles';
import { useViewer } from '../app/ViewerContext';
import { JailCard } from '../jails/JailCard';
import { BanIpForm } from '../jails/BanIpForm';
import { Panel } from '../components/Panel';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';

const useStyles = makeStyles({
  head: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'space-between' },
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
  const [{ data, fetching, error }, refetch] = useQuery({ query: JailsQuery });
  const jails = data?.jails ?? [];

  return (
    <>
      <div className={styles.head}>
        <Title2 as="h1" style={{ margin: 0 }}>
          Jails
        </Title2>
        {isAdmin(role) && (
          <Link to="/jails/new" className={styles.create}>
            Create jail
          </Link>
        )}
      </div>
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
