// The blocklist sources with their settings, host and last run; run buttons for operators, edit and delete for admins.
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
import type { BlocklistSourceFieldsFragment } from '../gql/graphql';
import { formatDateTime, formatInterval, summarizeList } from '../lib/format';
import { ImportStatusBadge } from './ImportStatusBadge';

const useStyles = makeStyles({
  url: { wordBreak: 'break-all', maxWidth: '260px' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  stack: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
});

export type Source = BlocklistSourceFieldsFragment;

interface Props {
  sources: readonly Source[];
  /** May run imports (OPERATOR and ADMIN). */
  canRun: boolean;
  /** May edit and delete sources (ADMIN). */
  canEdit: boolean;
  busy: boolean;
  onRun: (source: Source, dryRun: boolean) => void;
  onEdit: (source: Source) => void;
  onDelete: (source: Source) => void;
}

export function SourcesTable({ sources, canRun, canEdit, busy, onRun, onEdit, onDelete }: Props) {
  const styles = useStyles();
  const restoreFocus = useRestoreFocusTarget();
  const actions = canRun || canEdit;
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Blocklist sources" style={{ minWidth: 900 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>URL</TableHeaderCell>
            <TableHeaderCell>Jail</TableHeaderCell>
            <TableHeaderCell>Host</TableHeaderCell>
            <TableHeaderCell>Schedule</TableHeaderCell>
            <TableHeaderCell>Allowlist</TableHeaderCell>
            <TableHeaderCell>Last run</TableHeaderCell>
            {actions && <TableHeaderCell>Actions</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {sources.map((source) => (
            <TableRow key={source.id}>
              <TableCell>{source.name}</TableCell>
              <TableCell>
                <Text className={styles.url}>{source.url}</Text>
              </TableCell>
              <TableCell>{source.jail}</TableCell>
              <TableCell>{source.host}</TableCell>
              <TableCell>
                <div className={styles.stack}>
                  {source.enabled ? (
                    <Text>{formatInterval(source.intervalMinutes)}</Text>
                  ) : (
                    <Badge color="subtle" appearance="tint">
                      disabled
                    </Badge>
                  )}
                  {source.unbanRemoved && <Text size={200}>unbans removed entries</Text>}
                </div>
              </TableCell>
              <TableCell>{summarizeList(source.allowlist)}</TableCell>
              <TableCell>
                {source.lastRun ? (
                  <div className={styles.stack}>
                    <ImportStatusBadge status={source.lastRun.status} dryRun={source.lastRun.dryRun} />
                    <Text size={200}>
                      {formatDateTime(source.lastRun.finishedAt ?? source.lastRun.startedAt ?? source.lastRun.createdAt)}
                    </Text>
                  </div>
                ) : (
                  'never'
                )}
              </TableCell>
              {actions && (
                <TableCell>
                  <div className={styles.actions}>
                    {canRun && (
                      <>
                        <Button
                          size="small"
                          appearance="primary"
                          disabled={busy}
                          onClick={() => onRun(source, false)}
                          aria-label={`Run now: ${source.name}`}
                        >
                          Run now
                        </Button>
                        <Button size="small" disabled={busy} onClick={() => onRun(source, true)} aria-label={`Dry run of ${source.name}`}>
                          Dry run
                        </Button>
                      </>
                    )}
                    {canEdit && (
                      <>
                        <Button size="small" {...restoreFocus} onClick={() => onEdit(source)} aria-label={`Edit ${source.name}`}>
                          Edit
                        </Button>
                        <Button size="small" {...restoreFocus} onClick={() => onDelete(source)} aria-label={`Delete ${source.name}`}>
                          Delete
                        </Button>
                      </>
                    )}
                  </div>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
