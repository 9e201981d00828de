// Links that download the archived bans of the bans page's filter as CSV or NDJSON.
import { Link, Text, makeStyles, tokens, useId } from '@fluentui/react-components';
import type { BanFilter } from '../gql/graphql';
import { banExportHref, unexportableFilters } from '../lib/banExport';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'baseline' },
  note: { color: tokens.colorNeutralForeground3 },
});

export function BanExportLinks({ filter }: { filter: BanFilter }) {
  const styles = useStyles();
  const noteId = useId('export-note');
  const blocking = unexportableFilters(filter);
  const disabled = blocking.length > 0;
  const base = import.meta.env.BASE_URL;
  const described = disabled ? noteId : undefined;
  return (
    <nav className={styles.bar} aria-label="Export">
      <Link href={banExportHref(filter, 'csv', base)} download disabled={disabled} aria-describedby={described}>
        Export CSV
      </Link>
      <Link href={banExportHref(filter, 'ndjson', base)} download disabled={disabled} aria-describedby={described}>
        Export NDJSON
      </Link>
      {disabled && (
        <Text id={noteId} size={200} className={styles.note}>
          The export covers the archive filtered by time, jail and host only (set here: {blocking.join(', ')}).
        </Text>
      )}
    </nav>
  );
}
