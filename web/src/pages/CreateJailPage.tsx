// /jails/new (ADMIN): creates a jail from an installed filter, testing the filter as it is filled in.
import { Link } from 'react-router-dom';
import { Text, Title2 } from '@fluentui/react-components';
import { CreateJailForm } from '../jails/CreateJailForm';

export function CreateJailPage() {
  return (
    <>
      <Text>
        <Link to="/jails">All jails</Link>
      </Text>
      <Title2 as="h1" style={{ margin: 0 }}>
        Create jail
      </Title2>
      <Text as="p" style={{ margin: 0 }}>
        BanGUI writes the jail to a file of its own, has fail2ban check it and reloads fail2ban. A jail fail2ban refuses is not kept.
      </Text>
      <CreateJailForm />
    </>
  );
}
