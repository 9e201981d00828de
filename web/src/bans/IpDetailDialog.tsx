// A dialog with an address's country, current jails and ban history.
import { useQuery } from 'urql';
import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { IpInfoQuery } from '../api/operations';
import { formatDateTime, formatDuration } from '../lib/format';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';
import { UnbanButton } from './UnbanButton';

interface Props {
  ip: string;
  canUnban: boolean;
  onClose: () => void;
  onUnbanned: (outcome: { ok: boolean; message: string }) => void;
}

export function IpDetailDialog({ ip, canUnban, onClose, onUnbanned }: Props) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: IpInfoQuery, variables: { ip }, requestPolicy: 'cache-and-network' });
  const info = data?.ipInfo;
  // bannedIn asks fail2ban; when it is unreachable the rest of the answer still arrives with an error.
  const bannedIn: readonly string[] | null = info?.bannedIn ?? null;

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{info?.ip ?? ip}</DialogTitle>
          <DialogContent>
            {fetching && !info && <LoadingView />}
            {error && (
              <ErrorView
                error={error}
                title={info ? 'Part of this could not be loaded' : 'Something went wrong'}
                onRetry={() => refetch({ requestPolicy: 'network-only' })}
              />
            )}
            {info && (
              <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
                <Text>Country: {info.country ? `${info.country.name ?? info.country.code} (${info.country.code})` : 'unknown'}</Text>
                <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
                  <Text>Banned now in:</Text>
                  {bannedIn === null ? (
                    <Text>unknown</Text>
                  ) : bannedIn.length === 0 ? (
                    <Text>no jail</Text>
                  ) : (
                    bannedIn.map((jail) => <Badge key={jail}>{jail}</Badge>)
                  )}
                  {canUnban && bannedIn !== null && bannedIn.length > 0 && (
                    <UnbanButton
                      ip={info.ip}
                      jail={null}
                      onDone={(outcome) => {
                        onUnbanned(outcome);
                        refetch({ requestPolicy: 'network-only' });
                      }}
                    />
                  )}
                </div>
                {info.history.nodes.length === 0 ? (
                  <EmptyState>No bans in the archive.</EmptyState>
                ) : (
                  <div style={{ overflowX: 'auto' }}>
                    <Table size="small" aria-label={`Ban history of ${info.ip}`}>
                      <TableHeader>
                        <TableRow>
                          <TableHeaderCell>Jail</TableHeaderCell>
                          <TableHeaderCell>Banned at</TableHeaderCell>
                          <TableHeaderCell>Length</TableHeaderCell>
                          <TableHeaderCell>Origin</TableHeaderCell>
                          <TableHeaderCell>State</TableHeaderCell>
                        </TableRow>
                      </TableHeader>
                      <TableBody>
                        {info.history.nodes.map((ban) => (
                          <TableRow key={ban.id}>
                            <TableCell>{ban.jail}</TableCell>
                            <TableCell>{formatDateTime(ban.bannedAt)}</TableCell>
                            <TableCell>{formatDuration(ban.banTime)}</TableCell>
                            <TableCell>{ban.origin.toLowerCase()}</TableCell>
                            <TableCell>{ban.active ? 'active' : 'ended'}</TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </div>
                )}
              </div>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
