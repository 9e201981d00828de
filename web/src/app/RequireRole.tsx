// Gate for pages that need more than VIEWER: shows the page, or says which role it needs.
import { Link, Outlet } from 'react-router-dom';
import { MessageBar, MessageBarBody, MessageBarTitle, Text, Title2 } from '@fluentui/react-components';
import type { Role } from '../gql/graphql';
import { hasRole } from '../lib/roles';
import { useViewer } from './ViewerContext';

export function RequireRole({ role }: { role: Role }) {
  const viewer = useViewer();
  if (hasRole(viewer.role, role)) return <Outlet />;
  return (
    <section>
      <Title2 as="h1">Not available</Title2>
      <MessageBar intent="warning" role="alert">
        <MessageBarBody>
          <MessageBarTitle>This page needs the {role} role</MessageBarTitle>
          You are signed in as {viewer.username} with the {viewer.role} role.
        </MessageBarBody>
      </MessageBar>
      <Text as="p">
        <Link to="/">Back to the dashboard</Link>
      </Text>
    </section>
  );
}
