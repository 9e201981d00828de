// What a finished dry run would ban and unban: the counts and the first addresses of each.
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ImportRunDetailFieldsFragment } from '../gql/graphql';
import { formatCount, plural } from '../lib/format';
import { EmptyState } from '../components/EmptyState';

const useStyles = makeStyles({
  block: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexWrap: 'wrap',
    gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalM}`,
    maxHeight: '200px',
    overflowY: 'auto',
    fontFamily: tokens.fontFamilyMonospace,
  },
  note: { color: tokens.colorNeutralForeground3 },
});

function AddressList({ title, shown, total, empty }: { title: string; shown: readonly string[]; total: number; empty: string }) {
  const styles = useStyles();
  return (
    <div className={styles.block}>
      <Text weight="semibold">{title}</Text>
      {total === 0 ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <>
          <ul className={styles.list} aria-label={title}>
            {shown.map((address) => (
              <li key={address}>{address}</li>
            ))}
          </ul>
          {shown.length < total && (
            <Text size={200} className={styles.note}>
              The first {formatCount(shown.length)} are listed.
            </Text>
          )}
        </>
      )}
    </div>
  );
}

export function DryRunPreview({ run }: { run: ImportRunDetailFieldsFragment }) {
  return (
    <>
      <AddressList
        title={`Would ban ${plural(run.newBans, 'address', 'addresses')}`}
        shown={run.wouldBan}
        total={run.newBans}
        empty="Nothing new to ban."
      />
      <AddressList
        title={`Would unban ${plural(run.unbanned, 'address', 'addresses')}`}
        shown={run.wouldUnban}
        total={run.unbanned}
        empty="Nothing to unban."
      />
    </>
  );
}
