// One filter's list of bans, paged with cursors and following the archive: the first page is read again as
// bans come in, a later one counts them instead; operators choose bans on a page to unban them at once.
import { useEffect, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { BansQuery } from '../api/operations';
import { firstPage, isFirstPage, nextPage, previousPage } from '../lib/pagination';
import type { PageRequest } from '../lib/pagination';
import type { BanFilter } from '../gql/graphql';
import { readsArchive, takesNewBans } from '../lib/banFilters';
import { banKey } from '../lib/bulkUnban';
import type { ChosenBan } from '../lib/bulkUnban';
import { BansTable } from './BansTable';
import { BulkUnbanBar } from './BulkUnbanBar';
import { NewBansNotice } from './NewBansNotice';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';
import { useLatest } from '../components/useLatest';
import { useRefetchThrottle } from '../components/useRefetchThrottle';
import { useDashboardChanged } from '../dashboard/useDashboardChanged';

export const PAGE_SIZE = 50;

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column' },
  pager: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'flex-end', flexWrap: 'wrap' },
});

interface Props {
  filter: BanFilter;
  canUnban: boolean;
  /** Changes when the list must be read again (after an unban). */
  refreshes: number;
  onShowIp: (ip: string) => void;
  onUnbanned: (outcome: { ok: boolean; message: string }) => void;
}

export function BansResults({ filter, canUnban, refreshes, onShowIp, onUnbanned }: Props) {
  const styles = useStyles();
  const [page, setPage] = useState<PageRequest>(() => firstPage(PAGE_SIZE));
  const [selected, setSelected] = useState<ReadonlyMap<string, ChosenBan>>(() => new Map());
  const [{ data, fetching, error }, refetch] = useQuery({
    query: BansQuery,
    variables: { ...page, filter },
  });
  const refetchRef = useLatest(refetch);
  useEffect(() => {
    if (refreshes > 0) refetchRef.current({ requestPolicy: 'network-only' });
  }, [refreshes, refetchRef]);

  // The first page follows the archive; a later one stays as it is and counts the bans that came in.
  const client = useClient();
  const [newBans, setNewBans] = useState(0);
  const read = (request: PageRequest) => client.query(BansQuery, { ...request, filter }, { requestPolicy: 'network-only' }).toPromise();
  const follow = useRefetchThrottle(() => read(page));
  useDashboardChanged(
    { jail: filter.jail ?? null, host: filter.host ?? null },
    (delta) => {
      if (isFirstPage(page)) follow();
      else if (takesNewBans(filter, new Date())) setNewBans((count) => count + delta.bans);
    },
    readsArchive(filter),
  );

  const connection = data?.bans;
  const go = (request: PageRequest | null) => {
    if (!request) return;
    setPage(request);
    setSelected(new Map());
  };
  // The first page as it is now, not as it was when it was left.
  const showNewest = () => {
    const first = firstPage(PAGE_SIZE);
    go(first);
    setNewBans(0);
    void read(first);
  };
  const select = (bans: readonly ChosenBan[], chosen: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      for (const { ip, jail, host } of bans) {
        if (chosen) next.set(banKey({ ip, jail, host }), { ip, jail, host });
        else next.delete(banKey({ ip, jail, host }));
      }
      return next;
    });

  if (error && !connection) return <ErrorView error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!connection) return <LoadingView label="Loading bans…" />;

  const { pageInfo } = connection;
  return (
    <>
      {error && <ErrorView error={error} />}
      {/* Always there for operators: its dialog must not be unmounted while it closes. */}
      {canUnban && <BulkUnbanBar chosen={[...selected.values()]} onClear={() => setSelected(new Map())} onDone={onUnbanned} />}
      <div className={styles.list}>
        {!isFirstPage(page) && <NewBansNotice count={newBans} onShow={showNewest} />}
        {connection.nodes.length === 0 ? (
          <EmptyState>{isFirstPage(page) ? 'No bans match these filters.' : 'No more bans.'}</EmptyState>
        ) : (
          <BansTable
            bans={connection.nodes}
            canUnban={canUnban}
            onShowIp={onShowIp}
            onUnbanned={onUnbanned}
            selected={new Set(selected.keys())}
            onSelect={select}
          />
        )}
      </div>
      <nav className={styles.pager} aria-label="Pages">
        {fetching && <Text size={200}>Loading…</Text>}
        <Button onClick={showNewest} disabled={isFirstPage(page)}>
          Newest
        </Button>
        <Button onClick={() => go(previousPage(PAGE_SIZE, pageInfo))} disabled={!previousPage(PAGE_SIZE, pageInfo)}>
          Previous
        </Button>
        <Button onClick={() => go(nextPage(PAGE_SIZE, pageInfo))} disabled={!nextPage(PAGE_SIZE, pageInfo)}>
          Next
        </Button>
      </nav>
    </>
  );
}
