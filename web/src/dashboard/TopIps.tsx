// Table of the most banned addresses.
import { Link } from 'react-router-dom';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { formatCount, formatDateTime } from '../lib/format';
import { EmptyState } from '../components/EmptyState';

interface Row {
  ip: string;
  count: number;
  country?: { code: string; name?: string | null } | null;
  lastBannedAt: string;
}

export function TopIps({ rows }: { rows: readonly Row[] }) {
  if (rows.length === 0) return <EmptyState>No bans in this range.</EmptyState>;
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Most banned addresses" style={{ minWidth: 520 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Address</TableHeaderCell>
            <TableHeaderCell>Bans</TableHeaderCell>
            <TableHeaderCell>Country</TableHeaderCell>
            <TableHeaderCell>Last ban</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.ip}>
              <TableCell>
                <Link to={`/bans?ip=${encodeURIComponent(row.ip)}&detail=${encodeURIComponent(row.ip)}`}>{row.ip}</Link>
              </TableCell>
              <TableCell>{formatCount(row.count)}</TableCell>
              <TableCell>{row.country?.name ?? row.country?.code ?? '—'}</TableCell>
              <TableCell>{formatDateTime(row.lastBannedAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
