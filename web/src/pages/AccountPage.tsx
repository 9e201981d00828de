// /account: the signed-in account and a form to change its password.
import { Text, Title2 } from '@fluentui/react-components';
import { useViewer } from '../app/ViewerContext';
import { ChangePasswordForm } from '../accounts/ChangePasswordForm';
import { Panel } from '../components/Panel';

export function AccountPage() {
  const viewer = useViewer();
  return (
    <>
      <Title2 as="h1" style={{ margin: 0 }}>
        Your account
      </Title2>
      <Panel title={viewer.username}>
        <Text>Role: {viewer.role}</Text>
      </Panel>
      <Panel title="Change your password">
        <ChangePasswordForm />
      </Panel>
    </>
  );
}
