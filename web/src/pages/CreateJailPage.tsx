// /jails/new (ADMIN; ?host= for an agent host): creates a jail from a filter installed on the chosen host
// (the local host unless another is chosen), testing the filter as it is filled in.
import { Link } from 'react-router-dom';
import { Text, Title2 } from '@fluentui/react-components';
import { CreateJailForm } from '../jails/CreateJailForm';
import { useChosenHost } from '../hosts/useChosenHost';

export function CreateJailPage() {
  const { host, name, names, local, choose } = useChosenHost();
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
      <CreateJailForm host={host} hostName={name} local={local} hosts={names} onHostChange={choose} />
    </>
  );
}
