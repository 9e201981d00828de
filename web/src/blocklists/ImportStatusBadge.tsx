// The status of an import run as a coloured badge, with a mark for dry runs.
import { Badge } from '@fluentui/react-components';
import type { BadgeProps } from '@fluentui/react-components';
import type { ImportStatus } from '../gql/graphql';

const LOOK: Readonly<Record<ImportStatus, { color: BadgeProps['color']; label: string }>> = {
  PENDING: { color: 'informative', label: 'pending' },
  RUNNING: { color: 'brand', label: 'running' },
  COMPLETED: { color: 'success', label: 'completed' },
  FAILED: { color: 'danger', label: 'failed' },
  SKIPPED: { color: 'subtle', label: 'skipped' },
};

export function ImportStatusBadge({ status, dryRun }: { status: ImportStatus; dryRun: boolean }) {
  const look = LOOK[status];
  return (
    <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
      <Badge color={look.color} appearance="tint">
        {look.label}
      </Badge>
      {dryRun && (
        <Badge color="informative" appearance="outline">
          dry run
        </Badge>
      )}
    </span>
  );
}
