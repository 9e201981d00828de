// The API tokens not revoked; each can be revoked after confirming (ADMIN).
import { useState } from 'react';
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
import { errorMessage } from '../api/errors';
import type { ApiTokenFieldsFragment } from '../gql/graphql';
import { formatDateTime } from '../lib/format';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useLastShown } from '../components/useLastShown';
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
  const [revoking, setRevoking] = useState<ApiTokenFieldsFragment | null>(null);
  const [{ fetching }, revoke] = useMutation(RevokeApiTokenMutation);
  // The token named stays while the dialog closes.
  const asked = useLastShown(revoking);

  const confirm = async () => {
    if (!revoking) return;
    const { id, name } = revoking;
    const result = await revoke({ id }, REVOKE_CONTEXT);
    setRevoking(null);
    onRevoked(
      result.error
        ? { ok: false, message: `${name} was not revoked: ${errorMessage(result.error)}` }
        : { ok: true, message: `Revoked ${name}.` },
    );
  };

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
                <Button size="small" {...restoreFocus} onClick={() => setRevoking(token)} aria-label={`Revoke ${token.name}`}>
                  Revoke
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this token?"
        message={asked ? `${asked.name} stops working at once. This cannot be undone.` : ''}
        confirmLabel="Revoke"
        busy={fetching}
        onConfirm={confirm}
        onCancel={() => setRevoking(null)}
      />
    </div>
  );
}
