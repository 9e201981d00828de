// /allowlist (?host= for an agent host's): the addresses and networks no jail of a host bans, the local
// host's unless another is chosen; every role reads it, ADMINs add and remove entries.
import { Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { isAdmin } from '../lib/roles';
import { useViewer } from '../app/ViewerContext';
import { HostPicker } from '../hosts/HostPicker';
import { useChosenHost } from '../hosts/useChosenHost';
import { HostAllowlist } from '../jails/HostAllowlist';

const useStyles = makeStyles({
  note: { margin: 0, color: tokens.colorNeutralForeground3 },
  picker: { maxWidth: '260px' },
});

export function AllowlistPage() {
  const styles = useStyles();
  const { role } = useViewer();
  const { host, name, names, choose } = useChosenHost();
  const several = names.length > 1;

  return (
    <>
      <Title2 as="h1" style={{ margin: 0 }}>
        Allowlist
      </Title2>
      <Text as="p" className={styles.note}>
        Addresses and networks every jail ignores: fail2ban never bans them.{several && ' Each host has an allowlist of its own.'}
      </Text>
      {several && <HostPicker value={name ?? ''} hosts={names} allHosts={false} onChange={choose} className={styles.picker} />}
      {/* A host of its own: what was typed, told or asked about another host goes with it. */}
      <HostAllowlist key={host ?? ''} host={host} named={several ? name : null} admin={isAdmin(role)} />
    </>
  );
}
