// One delivery's outcome in a table cell: its status, attempts, time and the last error.
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { DeliveryFieldsFragment } from '../gql/graphql';
import { formatDateTime, plural } from '../lib/format';
import { DeliveryStatusBadge } from './DeliveryStatusBadge';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
  error: { color: tokens.colorPaletteRedForeground1, wordBreak: 'break-word', maxWidth: '260px' },
});

export function DeliveryOutcome({ delivery }: { delivery: DeliveryFieldsFragment }) {
  const styles = useStyles();
  return (
    <div className={styles.stack}>
      <DeliveryStatusBadge status={delivery.status} />
      <Text size={200}>
        {plural(delivery.attempts, 'attempt')}, {formatDateTime(delivery.deliveredAt ?? delivery.createdAt)}
      </Text>
      {delivery.error && (
        <Text size={200} className={styles.error}>
          {delivery.error}
        </Text>
      )}
    </div>
  );
}
