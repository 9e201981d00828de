// What a jail watches and runs: its filter, log files and actions.
import { Text, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  list: { margin: 0, display: 'grid', gap: tokens.spacingVerticalS },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  items: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

interface Props {
  filter: string;
  /** Null when fail2ban did not say. */
  logPaths: readonly string[] | null;
  actions: readonly string[] | null;
}

export function JailFacts({ filter, logPaths, actions }: Props) {
  const styles = useStyles();
  const many = (entries: readonly string[] | null, label: string, none: string) =>
    entries === null ? (
      <Text>unknown</Text>
    ) : entries.length === 0 ? (
      <Text>{none}</Text>
    ) : (
      <ul className={styles.items} aria-label={label}>
        {entries.map((entry) => (
          <li key={entry}>{entry}</li>
        ))}
      </ul>
    );
  return (
    <dl className={styles.list}>
      <div>
        <dt className={styles.term}>Filter</dt>
        <dd className={styles.value}>{filter || '—'}</dd>
      </div>
      <div>
        <dt className={styles.term}>Log files</dt>
        <dd className={styles.value}>{many(logPaths, 'Log files', 'none (the jail does not run)')}</dd>
      </div>
      <div>
        <dt className={styles.term}>Actions</dt>
        <dd className={styles.value}>{many(actions, 'Actions', 'none (the jail does not run)')}</dd>
      </div>
    </dl>
  );
}
