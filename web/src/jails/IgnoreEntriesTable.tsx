// The entries of an ignore list or of the allowlist: address or network, comment, expiry, who added it.
import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { IgnoreEntryFieldsFragment } from '../gql/graphql';
import { formatDateTime } from '../lib/format';

interface Props {
  entries: readonly IgnoreEntryFieldsFragment[];
  /** The table's accessible name. */
  label: string;
  /** Asks to remove an entry; no Action column without it. Entries of fail2ban's own files cannot be removed. */
  onRemove?: (entry: IgnoreEntryFieldsFragment) => void;
}

/** Who added the entry: a BanGUI account, or fail2ban's own configuration files. */
function origin(entry: IgnoreEntryFieldsFragment): string {
  if (!entry.addedBy) return "fail2ban's files";
  return entry.addedAt ? `${entry.addedBy}, ${formatDateTime(entry.addedAt)}` : entry.addedBy;
}

export function IgnoreEntriesTable({ entries, label, onRemove }: Props) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={label} style={{ minWidth: 640 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Address or network</TableHeaderCell>
            <TableHeaderCell>Comment</TableHeaderCell>
            <TableHeaderCell>Expires</TableHeaderCell>
            <TableHeaderCell>Added by</TableHeaderCell>
            {onRemove && <TableHeaderCell>Action</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {entries.map((entry) => (
            <TableRow key={entry.network}>
              <TableCell>{entry.network}</TableCell>
              <TableCell>{entry.comment ?? '—'}</TableCell>
              <TableCell>{entry.expiresAt ? formatDateTime(entry.expiresAt) : 'never'}</TableCell>
              <TableCell>{origin(entry)}</TableCell>
              {onRemove && (
                <TableCell>
                  {entry.addedBy && (
                    <Button size="small" onClick={() => onRemove(entry)} aria-label={`Remove ${entry.network}`}>
                      Remove
                    </Button>
                  )}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
