// /users (ADMIN): every account, a form to add one and deletion with confirmation.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { Text, Title2 } from '@fluentui/react-components';
import { UsersQuery } from '../api/operations';
import { useViewer } from '../app/ViewerContext';
import { CreateUserForm } from '../accounts/CreateUserForm';
import { UsersTable } from '../accounts/UsersTable';
import { Panel } from '../components/Panel';
import { Notice } from '../components/Notice';
import type { NoticeValue } from '../components/Notice';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';

export function UsersPage() {
  const viewer = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: UsersQuery });
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const users = data?.users ?? [];

  return (
    <>
      <Title2 as="h1" style={{ margin: 0 }}>
        Users
      </Title2>
      {notice && <Notice notice={notice} onDismiss={() => setNotice(null)} />}
      <Panel title="Add a user">
        <CreateUserForm onCreated={(username) => setNotice({ ok: true, message: `Added ${username}.` })} />
        <Text size={200}>
          A role cannot be changed once given: delete the account and add it again. Each account changes its own password on its{' '}
          <Link to="/account">account page</Link>.
        </Text>
      </Panel>
      <Panel title="Accounts">
        {error && <ErrorView error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
        {fetching && !data && <LoadingView label="Loading users…" />}
        {data && users.length === 0 && <EmptyState>No accounts.</EmptyState>}
        {users.length > 0 && <UsersTable users={users} selfId={viewer.id} onDeleted={setNotice} />}
      </Panel>
    </>
  );
}
