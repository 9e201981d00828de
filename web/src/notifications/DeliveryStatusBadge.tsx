// The status of a notification delivery as a coloured badge.
import { Badge } from '@fluentui/react-components';
import type { BadgeProps } from '@fluentui/react-components';
import type { DeliveryStatus } from '../gql/graphql';
import { STATUS_LABELS } from '../lib/deliveries';

const COLORS: Readonly<Record<DeliveryStatus, BadgeProps['color']>> = {
  PENDING: 'informative',
  RETRYING: 'warning',
  DELIVERED: 'success',
  FAILED: 'danger',
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return (
    <Badge color={COLORS[status]} appearance="tint">
      {STATUS_LABELS[status]}
    </Badge>
  );
}
