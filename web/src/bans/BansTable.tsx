// The table of bans on one page, with a detail link per address and unban buttons for operators.
import { Badge, Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { BansQuery } from '../gql/graphql';
import { formatDateTime, formatDuration } from '../lib/format';
import { UnbanButton } from './UnbanButton';

type Ban = BansQuery['bans']['nodes'][number];

interface Props {
  bans: readonly Ban[];
  canUnban: boolean;
  onShowIp: (ip: string) => void;
  onUnbanned: (outcome: { ok: boolean; message: string }) => void;
}

export function BansTable({ bans, canUnban, onShowIp, onUnbanned }: Props) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Bans" style={{ minWidth: 760 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Address</TableHeaderCell>
            <TableHeaderCell>Jail</TableHeaderCell>
            <TableHeaderCell>Country</TableHeaderCell>
            <TableHeaderCell>Banned at</TableHeaderCell>
            <TableHeaderCell>Length</TableHeaderCell>
            <TableHeaderCell>Origin</TableHeaderCell>
            <TableHeaderCell>State</TableHeaderCell>
            {canUnban && <TableHeaderCell>Action</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {bans.map((ban) => (
            <TableRow key={ban.id}>
              <TableCell>
                <Button appearance="transparent" size="small" onClick={() => onShowIp(ban.ip)} aria-label={`Details of ${ban.ip}`}>
                  {ban.ip}
                </Button>
              </TableCell>
              <TableCell>{ban.jail}</TableCell>
              <TableCell>{ban.country?.name ?? ban.country?.code ?? '—'}</TableCell>
              <TableCell>{formatDateTime(ban.bannedAt)}</TableCell>
              <TableCell>{formatDuration(ban.banTime)}</TableCell>
              <TableCell>{ban.origin.toLowerCase()}</TableCell>
              <TableCell>
                {ban.active ? (
                  <Badge color="danger" appearance="tint">
                    active
                  </Badge>
                ) : (
                  <Badge color="subtle" appearance="tint">
                    ended
                  </Badge>
                )}
              </TableCell>
              {canUnban && <TableCell>{ban.active && <UnbanButton ip={ban.ip} jail={ban.jail} onDone={onUnbanned} />}</TableCell>}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
