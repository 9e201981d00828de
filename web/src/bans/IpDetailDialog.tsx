// A dialog with an address's (or a network's) country, autonomous system, current jails, the network bans
// that cover it and its ban history. It stays mounted and is opened and closed, as a Fluent dialog
// unmounted while open leaves aria-hidden behind.
import { useId } from 'react';
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
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { IpInfoQuery } from '../api/operations';
import { formatAsn, formatDateTime } from '../lib/format';
import { formatDuration } from '../lib/duration';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';
import { UnbanButton } from './UnbanButton';

const useStyles = makeStyles({
  jails: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap', listStyle: 'none', margin: 0, padding: 0 },
});

interface DetailProps {
  /** The address shown; kept while the dialog closes. */
  ip: string;
  canUnban: boolean;
  onClose: () => void;
  onUnbanned: (outcome: { ok: boolean; message: string }) => void;
}

interface Props extends DetailProps {
  open: boolean;
}

export function IpDetailDialog({ open, ...detail }: Props) {
  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && detail.onClose()}>
      <DialogSurface>
        <IpDetail key={detail.ip} {...detail} />
      </DialogSurface>
    </Dialog>
  );
}

function IpDetail({ ip, canUnban, onClose, onUnbanned }: DetailProps) {
  const styles = useStyles();
  const jailsLabel = useId();
  const coveringLabel = useId();
  const [{ data, fetching, error }, refetch] = useQuery({ query: IpInfoQuery, variables: { ip }, requestPolicy: 'cache-and-network' });
  const info = data?.ipInfo;
  // bannedIn asks fail2ban; when it is unreachable the rest of the answer still arrives with an error.
  const bannedIn: readonly string[] | null = info?.bannedIn ?? null;

  return (
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
            <Text>Autonomous system: {formatAsn(info.asn)}</Text>
            <div className={styles.jails}>
              <Text id={jailsLabel}>Banned now in:</Text>
              {bannedIn === null ? (
                <Text>unknown</Text>
              ) : bannedIn.length === 0 ? (
                <Text>no jail</Text>
              ) : (
                <ul className={styles.badges} aria-labelledby={jailsLabel}>
                  {bannedIn.map((jail) => (
                    <li key={jail}>
                      <Badge>{jail}</Badge>
                    </li>
                  ))}
                </ul>
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
            {info.coveringBans.length > 0 && (
              <div className={styles.jails}>
                <Text id={coveringLabel}>Inside banned networks:</Text>
                <ul className={styles.badges} aria-labelledby={coveringLabel}>
                  {info.coveringBans.map((ban) => (
                    <li key={ban.id}>
                      <Badge appearance="outline">
                        {ban.ip} in {ban.jail}
                        {ban.expiresAt ? ` until ${formatDateTime(ban.expiresAt)}` : ''}
                      </Badge>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {info.history.nodes.length === 0 ? (
              <EmptyState>No bans in the archive.</EmptyState>
            ) : (
              <div style={{ overflowX: 'auto' }}>
                <Table size="small" aria-label={`Ban history of ${info.ip}`}>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Jail</TableHeaderCell>
                      <TableHeaderCell>Host</TableHeaderCell>
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
                        <TableCell>{ban.host}</TableCell>
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
  );
}
