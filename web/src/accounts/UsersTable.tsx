// Every account with its role; ADMINs can delete other accounts after confirming.
import { useState } from 'react';
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
  useRestoreFocusTarget,
} from '@fluentui/react-components';
import { DeleteUserMutation } from '../api/operations';
import { errorMessage } from '../api/errors';
import type { UserFieldsFragment } from '../gql/graphql';
import { formatDateTime } from '../lib/format';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useLastShown } from '../components/useLastShown';
import type { NoticeValue } from '../components/Notice';

/** Deleting an account also revokes its API tokens. */
const DELETE_CONTEXT = { additionalTypenames: ['User', 'ApiToken'] };

interface Props {
  users: readonly UserFieldsFragment[];
  /** The signed-in account, which cannot delete itself here. */
  selfId: string;
  onDeleted: (outcome: NoticeValue) => void;
}

export function UsersTable({ users, selfId, onDeleted }: Props) {
  const restoreFocus = useRestoreFocusTarget();
  const [deleting, setDeleting] = useState<UserFieldsFragment | null>(null);
  const [{ fetching }, remove] = useMutation(DeleteUserMutation);
  // The account named stays while the dialog closes.
  const asked = useLastShown(deleting);

  const confirm = async () => {
    if (!deleting) return;
    const { id, username } = deleting;
    const result = await remove({ id }, DELETE_CONTEXT);
    setDeleting(null);
    onDeleted(
      result.error
        ? { ok: false, message: `${username} was not deleted: ${errorMessage(result.error)}` }
        : { ok: true, message: `Deleted ${username}.` },
    );
  };

  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Users" style={{ minWidth: 480 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Username</TableHeaderCell>
            <TableHeaderCell>Role</TableHeaderCell>
            <TableHeaderCell>Created</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {users.map((user) => (
            <TableRow key={user.id}>
              <TableCell>
                {user.username}
                {user.id === selfId && (
                  <>
                    {' '}
                    <Badge appearance="tint" color="brand">
                      you
                    </Badge>
                  </>
                )}
              </TableCell>
              <TableCell>{user.role}</TableCell>
              <TableCell>{formatDateTime(user.createdAt)}</TableCell>
              <TableCell>
                {user.id !== selfId && (
                  <Button size="small" {...restoreFocus} onClick={() => setDeleting(user)} aria-label={`Delete ${user.username}`}>
                    Delete
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this user?"
        message={asked ? `${asked.username} will be deleted, signed out everywhere, and its API tokens revoked.` : ''}
        confirmLabel="Delete"
        busy={fetching}
        onConfirm={confirm}
        onCancel={() => setDeleting(null)}
      />
    </div>
  );
}
