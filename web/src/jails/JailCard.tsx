// One jail, as a region named after it and described by its host, linked to its page: state, counters,
// settings, ignore list and (for ADMIN) controls.
import { useId } from 'react';
import { Link } from 'react-router-dom';
import { Badge, Card, CardHeader, Divider, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { JailFieldsFragment } from '../gql/graphql';
import { formatCount } from '../lib/format';
import { jailPath } from '../lib/hosts';
import { FigureList } from '../components/FigureList';
import { JailSettingsForm } from './JailSettingsForm';
import { IgnoreList } from './IgnoreList';
import { JailControls } from './JailControls';

const useStyles = makeStyles({
  badges: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  host: { color: tokens.colorNeutralForeground3 },
});

interface Props {
  jail: JailFieldsFragment;
  /** Whether the jail is the local host's, whose page needs no host in its address. */
  local: boolean;
  admin: boolean;
}

export function JailCard({ jail, local, admin }: Props) {
  const styles = useStyles();
  const headingId = useId();
  const hostId = useId();
  const counters = [
    { label: 'Banned now', value: formatCount(jail.currentlyBanned) },
    { label: 'Banned in total', value: formatCount(jail.totalBanned) },
    { label: 'Failing now', value: formatCount(jail.currentlyFailed) },
    { label: 'Failures in total', value: formatCount(jail.totalFailed) },
  ];
  return (
    <Card role="region" aria-labelledby={headingId} aria-describedby={hostId}>
      <CardHeader
        header={
          <Subtitle2 as="h2" id={headingId} style={{ margin: 0 }}>
            <Link to={jailPath(jail.name, local ? null : jail.host)}>{jail.name}</Link>
          </Subtitle2>
        }
        description={
          <span className={styles.badges}>
            <Text id={hostId} className={styles.host}>
              on {jail.host}
            </Text>
            <Badge color={jail.running ? 'success' : 'subtle'} appearance="tint">
              {jail.running ? 'running' : 'stopped'}
            </Badge>
            {!jail.enabled && (
              <Badge color="warning" appearance="tint">
                disabled
              </Badge>
            )}
            {jail.managed && (
              <Badge color="brand" appearance="tint">
                created in BanGUI
              </Badge>
            )}
          </span>
        }
        action={admin ? <JailControls jail={jail.name} host={jail.host} running={jail.running} /> : undefined}
      />
      <FigureList figures={counters} minWidth={120} size="large" />
      <Divider />
      <JailSettingsForm
        jail={jail.name}
        host={jail.host}
        values={{ banTime: jail.banTime, findTime: jail.findTime, maxRetry: jail.maxRetry }}
        editable={admin}
        running={jail.running}
      />
      <Divider />
      <Subtitle2 as="h3" style={{ margin: 0 }}>
        Ignore list
      </Subtitle2>
      <IgnoreList jail={jail.name} host={jail.host} entries={jail.ignoreIps} editable={admin && jail.running} />
    </Card>
  );
}
