// The notification rules: what each tells, to which channels, about which events; edit and delete for each.
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
import type { NotificationRuleFieldsFragment } from '../gql/graphql';
import { TRIGGER_LABELS } from '../lib/deliveries';
import { describeRule } from '../lib/ruleForm';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
});

export type Rule = NotificationRuleFieldsFragment;

interface Props {
  rules: readonly Rule[];
  onEdit: (rule: Rule) => void;
  onDelete: (rule: Rule) => void;
}

export function RulesTable({ rules, onEdit, onDelete }: Props) {
  const styles = useStyles();
  const restoreFocus = useRestoreFocusTarget();
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Notification rules" style={{ minWidth: 760 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Trigger</TableHeaderCell>
            <TableHeaderCell>Channels</TableHeaderCell>
            <TableHeaderCell>Filters</TableHeaderCell>
            <TableHeaderCell>State</TableHeaderCell>
            <TableHeaderCell>Actions</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rules.map((rule) => (
            <TableRow key={rule.id}>
              <TableCell>{rule.name}</TableCell>
              <TableCell>{TRIGGER_LABELS[rule.trigger]}</TableCell>
              <TableCell>{rule.channels.length > 0 ? rule.channels.map((channel) => channel.name).join(', ') : 'none'}</TableCell>
              <TableCell>
                <div className={styles.stack}>
                  {describeRule(rule).map((line) => (
                    <Text key={line} size={200}>
                      {line}
                    </Text>
                  ))}
                </div>
              </TableCell>
              <TableCell>
                <Badge appearance="tint" color={rule.enabled ? 'success' : 'subtle'}>
                  {rule.enabled ? 'enabled' : 'disabled'}
                </Badge>
              </TableCell>
              <TableCell>
                <div className={styles.actions}>
                  <Button size="small" {...restoreFocus} onClick={() => onEdit(rule)} aria-label={`Edit rule ${rule.name}`}>
                    Edit
                  </Button>
                  <Button size="small" {...restoreFocus} onClick={() => onDelete(rule)} aria-label={`Delete rule ${rule.name}`}>
                    Delete
                  </Button>
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
