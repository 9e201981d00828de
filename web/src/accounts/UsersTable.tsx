// Every account with its role; ADMINs can delete other accounts after confirming.
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
import type { UserFieldsFragment } from '../gql/graphql';
import { formatDateTime } from '../lib/format';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useConfirmedAction } from '../components/useConfirmedAction';
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
  const [{ fetching }, remove] = useMutation(DeleteUserMutation);
  const deletion = useConfirmedAction<UserFieldsFragment>({
    run: ({ id }) => remove({ id }, DELETE_CONTEXT),
    name: (user) => user.username,
    done: 'deleted',
    onDone: onDeleted,
  });

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
                  <Button size="small" {...restoreFocus} onClick={() => deletion.ask(user)} aria-label={`Delete ${user.username}`}>
                    Delete
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={deletion.asking !== null}
        title="Delete this user?"
        message={deletion.shown ? `${deletion.shown.username} will be deleted, signed out everywhere, and its API tokens revoked.` : ''}
        confirmLabel="Delete"
        busy={fetching}
        onConfirm={deletion.confirm}
        onCancel={deletion.cancel}
      />
    </div>
  );
}
