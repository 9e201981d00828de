// The audit log read in calls of AUDIT_PAGE_SIZE entries, each older call appended below the last.
import { useState } from 'react';
import { useQuery } from 'urql';
import {
  Badge,
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
import { AuditLogQuery } from '../api/operations';
import type { AuditLogQuery as AuditLogResult } from '../gql/graphql';
import { nextAfterId } from '../lib/pagination';
import { formatDateTime } from '../lib/format';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';

export const AUDIT_PAGE_SIZE = 50;

type Entry = AuditLogResult['auditLog'][number];

const useStyles = makeStyles({
  pager: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'flex-end', flexWrap: 'wrap' },
  target: { wordBreak: 'break-word' },
});

export function AuditLogView() {
  const styles = useStyles();
  // The entries of the calls before the current one, and the `after` of the current call.
  const [earlier, setEarlier] = useState<Entry[]>([]);
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error, operation }, refetch] = useQuery({
    query: AuditLogQuery,
    variables: { first: AUDIT_PAGE_SIZE, after },
    requestPolicy: 'network-only',
  });
  // While the next call runs, urql still holds the previous answer; it is part of `earlier` by then.
  const latest = data && operation?.variables.after === after ? data.auditLog : null;
  const entries = latest ? [...earlier, ...latest] : earlier;
  const more = latest ? nextAfterId(latest, AUDIT_PAGE_SIZE) : null;

  const loadMore = () => {
    if (!more) return;
    setEarlier(entries);
    setAfter(more);
  };

  return (
    <>
      {error && <ErrorView error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {entries.length === 0 && !latest && !error && <LoadingView label="Loading the audit log…" />}
      {entries.length === 0 && latest && <EmptyState>Nothing has been audited yet.</EmptyState>}
      {entries.length > 0 && (
        <div style={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Audit log" style={{ minWidth: 720 }}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Time</TableHeaderCell>
                <TableHeaderCell>Actor</TableHeaderCell>
                <TableHeaderCell>Action</TableHeaderCell>
                <TableHeaderCell>Target</TableHeaderCell>
                <TableHeaderCell>Outcome</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.map((entry) => (
                <TableRow key={entry.id}>
                  <TableCell>{formatDateTime(entry.at)}</TableCell>
                  <TableCell>{entry.actor}</TableCell>
                  <TableCell>{entry.action}</TableCell>
                  <TableCell className={styles.target}>{entry.target ?? '—'}</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={entry.outcome === 'ok' ? 'success' : 'danger'}>
                      {entry.outcome}
                    </Badge>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {entries.length > 0 && (
        <nav className={styles.pager} aria-label="Audit log pages">
          {fetching && <Text size={200}>Loading…</Text>}
          {latest && !more && <Text size={200}>No older entries.</Text>}
          <Button appearance="primary" onClick={loadMore} disabled={!more || fetching}>
            Load older entries
          </Button>
        </nav>
      )}
    </>
  );
}
