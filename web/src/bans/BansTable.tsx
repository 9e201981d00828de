// The table of bans on one page, each with its host, with a detail link per address (or network) and, for operators,
// unban buttons and checkboxes to choose active bans for a bulk unban.
import { Badge, Button, Checkbox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { BansQuery } from '../gql/graphql';
import { formatDateTime } from '../lib/format';
import { formatDuration } from '../lib/duration';
import { banKey } from '../lib/bulkUnban';
import { UnbanButton } from './UnbanButton';

type Ban = BansQuery['bans']['nodes'][number];

interface Props {
  bans: readonly Ban[];
  canUnban: boolean;
  onShowIp: (ip: string) => void;
  onUnbanned: (outcome: { ok: boolean; message: string }) => void;
  /** The keys (banKey) of the chosen bans. */
  selected: ReadonlySet<string>;
  onSelect: (bans: readonly Ban[], chosen: boolean) => void;
}

export function BansTable({ bans, canUnban, onShowIp, onUnbanned, selected, onSelect }: Props) {
  const active = bans.filter((ban) => ban.active);
  const chosenHere = active.filter((ban) => selected.has(banKey(ban))).length;
  const all = active.length > 0 && chosenHere === active.length ? true : chosenHere > 0 ? 'mixed' : false;
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Bans" style={{ minWidth: 840 }}>
        <TableHeader>
          <TableRow>
            {canUnban && (
              <TableHeaderCell>
                <Checkbox
                  aria-label="Select every active ban on this page"
                  checked={all}
                  disabled={active.length === 0}
                  onChange={(_, d) => onSelect(active, d.checked === true)}
                />
              </TableHeaderCell>
            )}
            <TableHeaderCell>Address</TableHeaderCell>
            <TableHeaderCell>Jail</TableHeaderCell>
            <TableHeaderCell>Host</TableHeaderCell>
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
              {canUnban && (
                <TableCell>
                  {ban.active && (
                    <Checkbox
                      aria-label={`Select ${ban.ip} in ${ban.jail}`}
                      checked={selected.has(banKey(ban))}
                      onChange={(_, d) => onSelect([ban], d.checked === true)}
                    />
                  )}
                </TableCell>
              )}
              <TableCell>
                <Button appearance="transparent" size="small" onClick={() => onShowIp(ban.ip)} aria-label={`Details of ${ban.ip}`}>
                  {ban.ip}
                </Button>
              </TableCell>
              <TableCell>{ban.jail}</TableCell>
              <TableCell>{ban.host}</TableCell>
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
              {canUnban && <TableCell>{ban.active && <UnbanButton ip={ban.ip} jail={ban.jail} host={ban.host} onDone={onUnbanned} />}</TableCell>}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
