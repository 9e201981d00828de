// The counters of one import run as labelled figures.
import { makeStyles, tokens } from '@fluentui/react-components';
import type { ImportRunFieldsFragment } from '../gql/graphql';
import { formatBytes, formatCount } from '../lib/format';

const useStyles = makeStyles({
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(130px, 1fr))',
    gap: tokens.spacingHorizontalS,
    margin: 0,
  },
  item: { display: 'flex', flexDirection: 'column' },
  label: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
});

export function RunCounters({ run }: { run: ImportRunFieldsFragment }) {
  const styles = useStyles();
  const figures = [
    { label: 'Downloaded', value: formatBytes(run.downloadedBytes) },
    { label: 'Entries', value: formatCount(run.parsedLines) },
    { label: 'Invalid lines', value: formatCount(run.invalidLines) },
    { label: 'Skipped', value: formatCount(run.skipped) },
    { label: 'Valid addresses', value: formatCount(run.validIps) },
    { label: run.dryRun ? 'Would ban' : 'New bans', value: formatCount(run.newBans) },
    { label: 'Already banned', value: formatCount(run.alreadyBanned) },
    { label: run.dryRun ? 'Would unban' : 'Unbanned', value: formatCount(run.unbanned) },
  ];
  return (
    <dl className={styles.list}>
      {figures.map((figure) => (
        <div key={figure.label} className={styles.item}>
          <dt className={styles.label}>{figure.label}</dt>
          <dd className={styles.value}>{figure.value}</dd>
        </div>
      ))}
    </dl>
  );
}
