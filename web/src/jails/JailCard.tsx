// One jail: state, counters, settings, ignore list and (for ADMIN) controls.
import { Badge, Card, CardHeader, Divider, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { JailFieldsFragment } from '../gql/graphql';
import { formatCount } from '../lib/format';
import { JailSettingsForm } from './JailSettingsForm';
import { IgnoreList } from './IgnoreList';
import { JailControls } from './JailControls';

const useStyles = makeStyles({
  counters: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(120px, 1fr))', gap: tokens.spacingHorizontalS },
  counter: { display: 'flex', flexDirection: 'column' },
  label: { color: tokens.colorNeutralForeground3 },
  value: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

export function JailCard({ jail, admin }: { jail: JailFieldsFragment; admin: boolean }) {
  const styles = useStyles();
  const counters = [
    { label: 'Banned now', value: jail.currentlyBanned },
    { label: 'Banned in total', value: jail.totalBanned },
    { label: 'Failing now', value: jail.currentlyFailed },
    { label: 'Failures in total', value: jail.totalFailed },
  ];
  return (
    <Card>
      <CardHeader
        header={
          <Subtitle2 as="h2" style={{ margin: 0 }}>
            {jail.name}
          </Subtitle2>
        }
        description={
          <Badge color={jail.running ? 'success' : 'subtle'} appearance="tint">
            {jail.running ? 'running' : 'stopped'}
          </Badge>
        }
        action={admin ? <JailControls jail={jail.name} running={jail.running} /> : undefined}
      />
      <div className={styles.counters}>
        {counters.map((c) => (
          <div key={c.label} className={styles.counter}>
            <Text className={styles.label}>{c.label}</Text>
            <Text className={styles.value}>{formatCount(c.value)}</Text>
          </div>
        ))}
      </div>
      <Divider />
      <JailSettingsForm
        jail={jail.name}
        values={{ banTime: jail.banTime, findTime: jail.findTime, maxRetry: jail.maxRetry }}
        editable={admin && jail.running}
      />
      <Divider />
      <Subtitle2 as="h3" style={{ margin: 0 }}>
        Ignore list
      </Subtitle2>
      <IgnoreList jail={jail.name} entries={jail.ignoreIps} editable={admin && jail.running} />
    </Card>
  );
}
