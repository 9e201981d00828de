// The API tokens not revoked; each can be revoked after confirming (ADMIN).
import { useMutation } from 'urql';
import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  useRestoreFocusTarget,
} from '@fluentui/react-components';
import { RevokeApiTokenMutation } from '../api/operations';
import type { ApiTokenFieldsFragment } from '../gql/graphql';
import { formatDateTime } from '../lib/format';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useConfirmedAction } from '../components/useConfirmedAction';
import type { NoticeValue } from '../components/Notice';

const REVOKE_CONTEXT = { additionalTypenames: ['ApiToken'] };

export function TokensTable({
  tokens,
  onRevoked,
}: {
  tokens: readonly ApiTokenFieldsFragment[];
  onRevoked: (outcome: NoticeValue) => void;
}) {
  const restoreFocus = useRestoreFocusTarget();
  const [{ fetching }, revoke] = useMutation(RevokeApiTokenMutation);
  const revocation = useConfirmedAction<ApiTokenFieldsFragment>({
    run: ({ id }) => revoke({ id }, REVOKE_CONTEXT),
    name: (token) => token.name,
    done: 'revoked',
    onDone: onRevoked,
  });

  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="API tokens" style={{ minWidth: 640 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Role</TableHeaderCell>
            <TableHeaderCell>Created</TableHeaderCell>
            <TableHeaderCell>Expires</TableHeaderCell>
            <TableHeaderCell>Last used</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {tokens.map((token) => (
            <TableRow key={token.id}>
              <TableCell>{token.name}</TableCell>
              <TableCell>{token.role}</TableCell>
              <TableCell>{formatDateTime(token.createdAt)}</TableCell>
              <TableCell>{token.expiresAt ? formatDateTime(token.expiresAt) : 'never'}</TableCell>
              <TableCell>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'never'}</TableCell>
              <TableCell>
                <Button size="small" {...restoreFocus} onClick={() => revocation.ask(token)} aria-label={`Revoke ${token.name}`}>
                  Revoke
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={revocation.asking !== null}
        title="Revoke this token?"
        message={revocation.shown ? `${revocation.shown.name} stops working at once. This cannot be undone.` : ''}
        confirmLabel="Revoke"
        busy={fetching}
        onConfirm={revocation.confirm}
        onCancel={revocation.cancel}
      />
    </div>
  );
}
