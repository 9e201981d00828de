// The delivery log, newest first, of one status or all, paged with cursors; the newest page is read
// again every little while, so new deliveries and their outcomes show up.
import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DeliveriesQuery } from '../api/notificationOperations';
import type { ChannelKind, DeliveryStatus } from '../gql/graphql';
import { KIND_LABELS } from '../lib/channelForm';
import { TRIGGER_LABELS } from '../lib/deliveries';
import { firstPage, isFirstPage, nextPage, previousPage } from '../lib/pagination';
import type { PageRequest } from '../lib/pagination';
import { formatCount, formatDateTime, plural } from '../lib/format';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';
import { useLatest } from '../components/useLatest';
import { DeliveryStatusBadge } from './DeliveryStatusBadge';

export const LOG_PAGE_SIZE = 20;
/** How often the newest page is read again. */
export const LOG_REFRESH_MS = 10_000;

/** An empty log holds no Delivery for the document cache to see; name the type so new deliveries refresh it. */
const LOG_CONTEXT = { additionalTypenames: ['Delivery'] };

const useStyles = makeStyles({
  meta: { color: tokens.colorNeutralForeground3 },
  pager: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'flex-end', flexWrap: 'wrap' },
  error: { maxWidth: '280px', wordBreak: 'break-word' },
});

/**
 * A delivery's channel as `name (kind)`. The server answers a channel deleted since with an error
 * of that field, and the rest of the page with it, so the channel may be missing.
 */
function channelLabel(channel: { name: string; kind: ChannelKind } | undefined | null): string {
  return channel ? `${channel.name} (${KIND_LABELS[channel.kind]})` : 'a deleted channel';
}

interface Props {
  /** Only deliveries in this status; null for all. */
  status: DeliveryStatus | null;
  /** Changes when the log must be read again. */
  refreshes: number;
}

export function DeliveryLog({ status, refreshes }: Props) {
  const styles = useStyles();
  const [page, setPage] = useState<PageRequest>(() => firstPage(LOG_PAGE_SIZE));
  const [{ data, fetching, error }, refetch] = useQuery({
    query: DeliveriesQuery,
    variables: { ...page, status },
    context: LOG_CONTEXT,
  });
  const onFirstPage = isFirstPage(page);
  const refetchRef = useLatest(refetch);
  useEffect(() => {
    if (refreshes > 0) refetchRef.current({ requestPolicy: 'network-only' });
  }, [refreshes, refetchRef]);
  useEffect(() => {
    if (!onFirstPage) return;
    const timer = setInterval(() => refetchRef.current({ requestPolicy: 'network-only' }), LOG_REFRESH_MS);
    return () => clearInterval(timer);
  }, [onFirstPage, refetchRef]);

  const connection = data?.deliveries;
  const go = (request: PageRequest | null) => request && setPage(request);

  if (error && !connection) return <ErrorView error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!connection) return <LoadingView label="Loading the delivery log…" />;

  const { pageInfo } = connection;
  const empty = status ? 'No deliveries in this status.' : 'Nothing was sent yet.';
  return (
    <>
      {error && <ErrorView error={error} />}
      <Text className={styles.meta}>{plural(connection.totalCount, 'delivery', 'deliveries')} in all.</Text>
      {connection.nodes.length === 0 ? (
        <EmptyState>{onFirstPage ? empty : 'No more deliveries.'}</EmptyState>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Delivery log" style={{ minWidth: 960 }}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Created</TableHeaderCell>
                <TableHeaderCell>Channel</TableHeaderCell>
                <TableHeaderCell>Rule</TableHeaderCell>
                <TableHeaderCell>Trigger</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Attempts</TableHeaderCell>
                <TableHeaderCell>Delivered</TableHeaderCell>
                <TableHeaderCell>Error</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {connection.nodes.map((delivery) => (
                <TableRow key={delivery.id}>
                  <TableCell>{formatDateTime(delivery.createdAt)}</TableCell>
                  <TableCell>{channelLabel(delivery.channel)}</TableCell>
                  <TableCell>{delivery.rule?.name ?? (delivery.trigger === 'TEST' ? 'test' : 'a deleted rule')}</TableCell>
                  <TableCell>{TRIGGER_LABELS[delivery.trigger]}</TableCell>
                  <TableCell>
                    <DeliveryStatusBadge status={delivery.status} />
                  </TableCell>
                  <TableCell>{formatCount(delivery.attempts)}</TableCell>
                  <TableCell>{formatDateTime(delivery.deliveredAt)}</TableCell>
                  <TableCell>
                    <Text size={200} className={styles.error}>
                      {delivery.error ?? ''}
                    </Text>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <nav className={styles.pager} aria-label="Delivery log pages">
        {fetching && <Text size={200}>Loading…</Text>}
        <Button onClick={() => go(firstPage(LOG_PAGE_SIZE))} disabled={onFirstPage}>
          Newest
        </Button>
        <Button onClick={() => go(previousPage(LOG_PAGE_SIZE, pageInfo))} disabled={!previousPage(LOG_PAGE_SIZE, pageInfo)}>
          Newer
        </Button>
        <Button onClick={() => go(nextPage(LOG_PAGE_SIZE, pageInfo))} disabled={!nextPage(LOG_PAGE_SIZE, pageInfo)}>
          Older
        </Button>
      </nav>
    </>
  );
}
