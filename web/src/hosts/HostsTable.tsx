// Every fail2ban host with its connection, versions and last contact; ADMINs give an agent host a new
// token or remove it, each after confirming.
import { useRef } from 'react';
import { useMutation } from 'urql';
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
  useRestoreFocusTarget,
} from '@fluentui/react-components';
import { RemoveHostMutation, RotateAgentTokenMutation } from '../api/operations';
import type { HostFieldsFragment } from '../gql/graphql';
import { formatDateTime, formatTimeAgo } from '../lib/format';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useConfirmedAction } from '../components/useConfirmedAction';
import type { NoticeValue } from '../components/Notice';
import { HOSTS_CONTEXT } from './useHosts';

const useStyles = makeStyles({
  status: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
  refusal: { color: tokens.colorPaletteRedForeground1 },
  actions: { display: 'flex', flexWrap: 'nowrap', gap: tokens.spacingHorizontalS },
});

/** Removing a host also ends the bans and jails it had in the lists. */
const REMOVE_CONTEXT = { additionalTypenames: ['Host', 'Jail'] };

interface Props {
  hosts: readonly HostFieldsFragment[];
  /** Whether to offer the token and removal controls (ADMIN). */
  admin: boolean;
  now: Date;
  /** Receives a host's new agent token once the confirmation has closed. */
  onRotated: (host: string, token: string) => void;
  onDone: (outcome: NoticeValue) => void;
}

export function HostsTable({ hosts, admin, now, onRotated, onDone }: Props) {
  const styles = useStyles();
  const restoreFocus = useRestoreFocusTarget();
  const [rotated, rotate] = useMutation(RotateAgentTokenMutation);
  const [removed, remove] = useMutation(RemoveHostMutation);
  // The new token waits for the confirmation to close, so that one dialog opens after the other.
  const newToken = useRef<{ host: string; token: string } | null>(null);
  const rotation = useConfirmedAction<HostFieldsFragment>({
    run: async ({ id }) => {
      const result = await rotate({ id }, HOSTS_CONTEXT);
      const answer = result.data?.rotateAgentToken;
      if (answer) newToken.current = { host: answer.host.name, token: answer.token };
      return result;
    },
    name: (host) => `The agent token of ${host.name}`,
    done: 'replaced',
    onDone: (outcome) => {
      if (!outcome.ok) onDone(outcome);
    },
  });
  const removal = useConfirmedAction<HostFieldsFragment>({
    run: ({ id }) => remove({ id }, REMOVE_CONTEXT),
    name: (host) => host.name,
    done: 'removed',
    onDone,
  });

  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Hosts" style={{ minWidth: 860 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Kind</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Agent version</TableHeaderCell>
            <TableHeaderCell>fail2ban version</TableHeaderCell>
            <TableHeaderCell>Last seen</TableHeaderCell>
            {admin && <TableHeaderCell>Actions</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {hosts.map((host) => (
            <TableRow key={host.id}>
              <TableCell>{host.name}</TableCell>
              <TableCell>{host.local ? 'local' : 'agent'}</TableCell>
              <TableCell>
                <div className={styles.status}>
                  <Badge color={host.connected ? 'success' : 'danger'} appearance="tint">
                    {host.connected ? 'connected' : 'disconnected'}
                  </Badge>
                  {host.refusal && <Text className={styles.refusal}>Refused: {host.refusal}</Text>}
                </div>
              </TableCell>
              <TableCell>{host.local ? '—' : (host.agentVersion ?? 'unknown')}</TableCell>
              <TableCell>{host.fail2banVersion ?? 'unknown'}</TableCell>
              <TableCell>
                <span title={host.lastSeenAt ? formatDateTime(host.lastSeenAt) : undefined}>{formatTimeAgo(host.lastSeenAt, now)}</span>
              </TableCell>
              {admin && (
                <TableCell>
                  {!host.local && (
                    <div className={styles.actions}>
                      <Button size="small" {...restoreFocus} onClick={() => rotation.ask(host)} aria-label={`Rotate the token of ${host.name}`}>
                        Rotate token
                      </Button>
                      <Button size="small" {...restoreFocus} onClick={() => removal.ask(host)} aria-label={`Remove ${host.name}`}>
                        Remove
                      </Button>
                    </div>
                  )}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={rotation.asking !== null}
        title="Give this host a new agent token?"
        message={
          rotation.shown
            ? `The agent token of ${rotation.shown.name} stops working at once and its agent is disconnected. Start the agent again with the new token.`
            : ''
        }
        confirmLabel="Rotate token"
        busy={rotated.fetching}
        onConfirm={rotation.confirm}
        onCancel={rotation.cancel}
        onClosed={() => {
          const made = newToken.current;
          newToken.current = null;
          if (made) onRotated(made.host, made.token);
        }}
      />
      <ConfirmDialog
        open={removal.asking !== null}
        title="Remove this host?"
        message={
          removal.shown
            ? `${removal.shown.name} is removed: its agent token stops working and its agent is disconnected. Its archived bans stay; adding a host of that name again brings them back.`
            : ''
        }
        confirmLabel="Remove"
        busy={removed.fetching}
        onConfirm={removal.confirm}
        onCancel={removal.cancel}
      />
    </div>
  );
}
