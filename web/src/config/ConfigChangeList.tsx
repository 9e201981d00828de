// Configuration changes, newest first, a page at a time: who, when, which file, applied or refused, and the
// diff; the first page is read again as the server announces a new change.
import { useEffect, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { Badge, Button, Card, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ConfigChangedSubscription, ConfigChangesQuery } from '../api/configOperations';
import { firstPage, isFirstPage, nextPage, previousPage } from '../lib/pagination';
import type { PageRequest } from '../lib/pagination';
import { formatDateTime, plural } from '../lib/format';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';
import { useLatest } from '../components/useLatest';
import { DiffView } from './DiffView';

export const CHANGES_PAGE_SIZE = 20;

/** A change made meanwhile joins the list; an empty list holds no ConfigChange for the cache to see. */
const CHANGES_CONTEXT = { additionalTypenames: ['ConfigChange', 'Jail', 'IgnoreEntry'] };

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  card: { minWidth: 0 },
  head: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  file: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold, wordBreak: 'break-all' },
  meta: { color: tokens.colorNeutralForeground3 },
  reason: { color: tokens.colorPaletteRedForeground1, whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
  pager: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'flex-end', flexWrap: 'wrap' },
});

export function ConfigChangeList() {
  const styles = useStyles();
  const [page, setPage] = useState<PageRequest>(() => firstPage(CHANGES_PAGE_SIZE));
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ConfigChangesQuery,
    variables: page,
    context: CHANGES_CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  const [{ data: announced }] = useSubscription({ query: ConfigChangedSubscription });
  const latestId = announced?.configChanged.id;
  const onFirstPage = isFirstPage(page);
  const refetchRef = useLatest(refetch);
  useEffect(() => {
    if (latestId && onFirstPage) refetchRef.current({ requestPolicy: 'network-only' });
  }, [latestId, onFirstPage, refetchRef]);
  const connection = data?.configChanges;
  const go = (request: PageRequest | null) => request && setPage(request);

  if (error && !connection) return <ErrorView error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!connection) return <LoadingView label="Loading the change history…" />;

  const { pageInfo } = connection;
  return (
    <>
      {error && <ErrorView error={error} />}
      <Text className={styles.meta}>{plural(connection.totalCount, 'change')} in all.</Text>
      {connection.nodes.length === 0 ? (
        <EmptyState>{onFirstPage ? 'BanGUI has not changed fail2ban’s configuration yet.' : 'No more changes.'}</EmptyState>
      ) : (
        <ol className={styles.list} aria-label="Configuration changes">
          {connection.nodes.map((change) => (
            <li key={change.id}>
              <Card className={styles.card} role="article" aria-label={`${change.file} at ${formatDateTime(change.at)}`}>
                <div className={styles.head}>
                  <span className={styles.file}>{change.file}</span>
                  {change.applied ? (
                    <Badge color="success" appearance="tint">
                      applied
                    </Badge>
                  ) : (
                    <Badge color="danger" appearance="tint">
                      refused
                    </Badge>
                  )}
                  <Text className={styles.meta}>
                    {formatDateTime(change.at)} by {change.actor} on {change.host}
                  </Text>
                </div>
                {!change.applied && <Text className={styles.reason}>fail2ban refused it: {change.error ?? 'no reason given'}</Text>}
                <DiffView diff={change.diff} label={`Changes to ${change.file}`} />
              </Card>
            </li>
          ))}
        </ol>
      )}
      <nav className={styles.pager} aria-label="Pages">
        {fetching && <Text size={200}>Loading…</Text>}
        <Button onClick={() => go(firstPage(CHANGES_PAGE_SIZE))} disabled={onFirstPage}>
          Newest
        </Button>
        <Button onClick={() => go(previousPage(CHANGES_PAGE_SIZE, pageInfo))} disabled={!previousPage(CHANGES_PAGE_SIZE, pageInfo)}>
          Newer
        </Button>
        <Button onClick={() => go(nextPage(CHANGES_PAGE_SIZE, pageInfo))} disabled={!nextPage(CHANGES_PAGE_SIZE, pageInfo)}>
          Older
        </Button>
      </nav>
    </>
  );
}
