// The import log, newest first, of one source or of all, paged with cursors.
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
  useRestoreFocusTarget,
} from '@fluentui/react-components';
import { ImportRunsQuery } from '../api/operations';
import { firstPage, isFirstPage, nextPage, previousPage } from '../lib/pagination';
import type { PageRequest } from '../lib/pagination';
import { formatBytes, formatCount, formatDateTime } from '../lib/format';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';
import { useLatest } from '../components/useLatest';
import { ImportStatusBadge } from './ImportStatusBadge';

export const LOG_PAGE_SIZE = 20;

/** An empty log holds no ImportRun for the document cache to see; name the type so new runs refresh it. */
const LOG_CONTEXT = { additionalTypenames: ['ImportRun'] };

const useStyles = makeStyles({
  pager: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'flex-end', flexWrap: 'wrap' },
  error: { maxWidth: '240px', wordBreak: 'break-word' },
});

interface Props {
  /** Only this source's runs; null for all. */
  sourceId: string | null;
  /** Changes when the log must be read again (after a run finished). */
  refreshes: number;
  onPreview: (runId: string) => void;
}

export function ImportLog({ sourceId, refreshes, onPreview }: Props) {
  const styles = useStyles();
  const restoreFocus = useRestoreFocusTarget();
  const [page, setPage] = useState<PageRequest>(() => firstPage(LOG_PAGE_SIZE));
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ImportRunsQuery,
    variables: { ...page, sourceId },
    context: LOG_CONTEXT,
  });
  const refetchRef = useLatest(refetch);
  useEffect(() => {
    if (refreshes > 0) refetchRef.current({ requestPolicy: 'network-only' });
  }, [refreshes, refetchRef]);

  const connection = data?.importRuns;
  const go = (request: PageRequest | null) => request && setPage(request);

  if (error && !connection) return <ErrorView error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!connection) return <LoadingView label="Loading the import log…" />;

  const { pageInfo } = connection;
  return (
    <>
      {error && <ErrorView error={error} />}
      {connection.nodes.length === 0 ? (
        <EmptyState>{isFirstPage(page) ? 'No imports yet.' : 'No more imports.'}</EmptyState>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Import log" style={{ minWidth: 1000 }}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Queued</TableHeaderCell>
                <TableHeaderCell>Source</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Downloaded</TableHeaderCell>
                <TableHeaderCell>Valid</TableHeaderCell>
                <TableHeaderCell>New bans</TableHeaderCell>
                <TableHeaderCell>Already banned</TableHeaderCell>
                <TableHeaderCell>Skipped</TableHeaderCell>
                <TableHeaderCell>Invalid</TableHeaderCell>
                <TableHeaderCell>Unbanned</TableHeaderCell>
                <TableHeaderCell>Finished</TableHeaderCell>
                <TableHeaderCell>Details</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {connection.nodes.map((run) => (
                <TableRow key={run.id}>
                  <TableCell>{formatDateTime(run.createdAt)}</TableCell>
                  <TableCell>{run.source.name}</TableCell>
                  <TableCell>
                    <ImportStatusBadge status={run.status} dryRun={run.dryRun} />
                  </TableCell>
                  <TableCell>{formatBytes(run.downloadedBytes)}</TableCell>
                  <TableCell>{formatCount(run.validIps)}</TableCell>
                  <TableCell>{formatCount(run.newBans)}</TableCell>
                  <TableCell>{formatCount(run.alreadyBanned)}</TableCell>
                  <TableCell>{formatCount(run.skipped)}</TableCell>
                  <TableCell>{formatCount(run.invalidLines)}</TableCell>
                  <TableCell>{formatCount(run.unbanned)}</TableCell>
                  <TableCell>{formatDateTime(run.finishedAt)}</TableCell>
                  <TableCell>
                    {run.dryRun && run.status === 'COMPLETED' ? (
                      <Button
                        size="small"
                        {...restoreFocus}
                        onClick={() => onPreview(run.id)}
                        aria-label={`Preview of the dry run of ${run.source.name} at ${formatDateTime(run.createdAt)}`}
                      >
                        Preview
                      </Button>
                    ) : (
                      <Text size={200} className={styles.error}>
                        {run.error ?? ''}
                      </Text>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <nav className={styles.pager} aria-label="Import log pages">
        {fetching && <Text size={200}>Loading…</Text>}
        <Button onClick={() => go(firstPage(LOG_PAGE_SIZE))} disabled={isFirstPage(page)}>
          Newest
        </Button>
        <Button onClick={() => go(previousPage(LOG_PAGE_SIZE, pageInfo))} disabled={!previousPage(LOG_PAGE_SIZE, pageInfo)}>
          Previous
        </Button>
        <Button onClick={() => go(nextPage(LOG_PAGE_SIZE, pageInfo))} disabled={!nextPage(LOG_PAGE_SIZE, pageInfo)}>
          Next
        </Button>
      </nav>
    </>
  );
}
