// /: totals, world map, trend, bans per jail and per host, top addresses and the live feed for the chosen
// range, jail and host, read again as the archive takes in bans.
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { Title2, makeStyles, tokens } from '@fluentui/react-components';
import { DashboardQuery } from '../api/operations';
import { parseFilters, rangeSince, serializeFilters } from '../lib/dashboardFilters';
import type { DashboardFilters } from '../lib/dashboardFilters';
import { DashboardFiltersBar } from '../dashboard/DashboardFiltersBar';
import { SummaryTiles } from '../dashboard/SummaryTiles';
import { WorldMap } from '../dashboard/WorldMap';
import { TrendChart } from '../dashboard/TrendChart';
import { CountBars } from '../dashboard/CountBars';
import { TopIps } from '../dashboard/TopIps';
import { LiveFeed } from '../dashboard/LiveFeed';
import { Panel } from '../components/Panel';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { useRefetchThrottle } from '../components/useRefetchThrottle';
import { useDashboardChanged } from '../dashboard/useDashboardChanged';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 420px), 1fr))', gap: tokens.spacingHorizontalL },
  title: { margin: 0 },
});

export function DashboardPage() {
  const styles = useStyles();
  const [params, setParams] = useSearchParams();
  const filters = parseFilters(params);
  const [refreshes, setRefreshes] = useState(0);
  // A new `refreshes` value moves the window forward to now.
  const timeWindow = useMemo(() => {
    const now = new Date();
    return { since: rangeSince(filters.range, now), until: now.toISOString(), refreshes };
  }, [filters.range, refreshes]);

  const variables = { since: timeWindow.since, jail: filters.jail, host: filters.host };
  const [{ data, fetching, error }, refetch] = useQuery({ query: DashboardQuery, variables });
  // The dashboard reads the archive up to now, so whatever the archive takes in for its jail and host
  // changes it. The read goes to the query above: both share the variables and so the result.
  const client = useClient();
  const follow = useRefetchThrottle(() => client.query(DashboardQuery, variables, { requestPolicy: 'network-only' }).toPromise());
  useDashboardChanged({ jail: filters.jail, host: filters.host }, follow);

  const onChange = (next: DashboardFilters) => setParams(serializeFilters(next, params));
  const feedFilter =
    filters.jail || filters.host
      ? { ...(filters.jail ? { jails: [filters.jail] } : {}), ...(filters.host ? { hosts: [filters.host] } : {}) }
      : null;
  const dashboard = data?.dashboard;

  return (
    <>
      <Title2 as="h1" className={styles.title}>
        Dashboard
      </Title2>
      <DashboardFiltersBar
        filters={filters}
        knownJails={dashboard?.bansByJail.map((row) => row.jail) ?? []}
        onChange={onChange}
        onRefresh={() => setRefreshes((n) => n + 1)}
      />
      {error && <ErrorView error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {fetching && !dashboard && <LoadingView label="Loading the dashboard…" />}
      {dashboard && (
        <>
          <SummaryTiles summary={dashboard.summary} />
          <Panel title="Bans by country">
            <WorldMap rows={dashboard.bansByCountry} />
          </Panel>
          <div className={styles.grid}>
            <Panel title="Bans over time">
              <TrendChart points={dashboard.banTrend} since={timeWindow.since} until={timeWindow.until} />
            </Panel>
            <Panel title="Bans by jail">
              <CountBars label="Bans by jail" rows={dashboard.bansByJail.map((row) => ({ name: row.jail, count: row.count }))} />
            </Panel>
            <Panel title="Bans by host">
              <CountBars label="Bans by host" rows={dashboard.bansByHost.map((row) => ({ name: row.host, count: row.count }))} />
            </Panel>
            <Panel title="Most banned addresses">
              <TopIps rows={dashboard.topIps} />
            </Panel>
            <Panel title="Live feed">
              <LiveFeed key={JSON.stringify(feedFilter)} filter={feedFilter} />
            </Panel>
          </div>
        </>
      )}
    </>
  );
}
