// The notification channels with their settings and last delivery; a test button, edit and delete for each.
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
import type { NotificationChannelFieldsFragment } from '../gql/graphql';
import { KIND_LABELS } from '../lib/channelForm';
import { isFollowed } from '../lib/deliveries';
import type { TestDelivery } from '../lib/deliveries';
import { DeliveryOutcome } from './DeliveryOutcome';

const useStyles = makeStyles({
  target: { wordBreak: 'break-all', maxWidth: '280px' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
});

export type Channel = NotificationChannelFieldsFragment;

interface Props {
  channels: readonly Channel[];
  /** The latest test message of each channel, by its id. */
  tests: ReadonlyMap<string, TestDelivery>;
  /** Whether a test is being asked for. */
  busy: boolean;
  onTest: (channel: Channel) => void;
  onEdit: (channel: Channel) => void;
  onDelete: (channel: Channel) => void;
}

/** The delivery to show for a channel: its test while that is followed or is the newest, else its last one. */
function shownDelivery(channel: Channel, test: TestDelivery | undefined) {
  const last = channel.lastDelivery;
  if (test && (!last || last.id === test.delivery.id || isFollowed(test))) return test.delivery;
  return last ?? null;
}

export function ChannelsTable({ channels, tests, busy, onTest, onEdit, onDelete }: Props) {
  const styles = useStyles();
  const restoreFocus = useRestoreFocusTarget();
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Notification channels" style={{ minWidth: 960 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Kind</TableHeaderCell>
            <TableHeaderCell>Target</TableHeaderCell>
            <TableHeaderCell>State</TableHeaderCell>
            <TableHeaderCell>Secret</TableHeaderCell>
            <TableHeaderCell>Last delivery</TableHeaderCell>
            <TableHeaderCell>Actions</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {channels.map((channel) => {
            const test = tests.get(channel.id);
            const testing = test !== undefined && isFollowed(test);
            const delivery = shownDelivery(channel, test);
            return (
              <TableRow key={channel.id}>
                <TableCell>{channel.name}</TableCell>
                <TableCell>{KIND_LABELS[channel.kind]}</TableCell>
                <TableCell>
                  <Text className={styles.target}>{channel.target}</Text>
                </TableCell>
                <TableCell>
                  <Badge appearance="tint" color={channel.enabled ? 'success' : 'subtle'}>
                    {channel.enabled ? 'enabled' : 'disabled'}
                  </Badge>
                </TableCell>
                <TableCell>{channel.hasSecret ? 'set' : 'none'}</TableCell>
                <TableCell aria-live="polite">{delivery ? <DeliveryOutcome delivery={delivery} /> : 'never'}</TableCell>
                <TableCell>
                  <div className={styles.actions}>
                    <Button
                      size="small"
                      appearance="primary"
                      disabled={busy || testing}
                      onClick={() => onTest(channel)}
                      aria-label={`Send a test message to ${channel.name}`}
                    >
                      {testing ? 'Sending…' : 'Send test'}
                    </Button>
                    <Button size="small" {...restoreFocus} onClick={() => onEdit(channel)} aria-label={`Edit ${channel.name}`}>
                      Edit
                    </Button>
                    <Button size="small" {...restoreFocus} onClick={() => onDelete(channel)} aria-label={`Delete ${channel.name}`}>
                      Delete
                    </Button>
                  </div>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
