// The addresses a jail bans now, each with its details link and, for operators, an unban button.
import { Link } from 'react-router-dom';
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { UnbanButton } from '../bans/UnbanButton';
import { EmptyState } from '../components/EmptyState';
import type { NoticeValue } from '../components/Notice';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

interface Props {
  jail: string;
  /** The jail's host. */
  host: string;
  /** Null when fail2ban did not say. */
  ips: readonly string[] | null;
  canUnban: boolean;
  onUnbanned: (outcome: NoticeValue) => void;
}

export function BannedAddresses({ jail, host, ips, canUnban, onUnbanned }: Props) {
  const styles = useStyles();
  if (ips === null) return <EmptyState>fail2ban did not say which addresses it bans.</EmptyState>;
  if (ips.length === 0) return <EmptyState>No address is banned now.</EmptyState>;
  return (
    <ul className={styles.list} aria-label={`Banned by ${jail}`}>
      {ips.map((ip) => (
        <li key={ip} className={styles.item}>
          <Text font="monospace">
            <Link to={`/bans?ip=${encodeURIComponent(ip)}&detail=${encodeURIComponent(ip)}`} aria-label={`Details of ${ip}`}>
              {ip}
            </Link>
          </Text>
          {canUnban && <UnbanButton ip={ip} jail={jail} host={host} onDone={onUnbanned} />}
        </li>
      ))}
    </ul>
  );
}
