// Horizontal bars of bans per jail or per host, most first.
import { Text, tokens } from '@fluentui/react-components';
import { formatCount } from '../lib/format';
import { EmptyState } from '../components/EmptyState';

interface Props {
  /** What the bars count, e.g. "Bans by jail"; names the list. */
  label: string;
  rows: ReadonlyArray<{ name: string; count: number }>;
}

export function CountBars({ label, rows }: Props) {
  if (rows.length === 0) return <EmptyState>No bans in this range.</EmptyState>;
  const max = Math.max(...rows.map((r) => r.count));
  return (
    <ul aria-label={label} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 8 }}>
      {rows.map((row) => (
        <li key={row.name}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <Text>{row.name}</Text>
            <Text weight="semibold">{formatCount(row.count)}</Text>
          </div>
          <div
            aria-hidden="true"
            style={{ height: 6, borderRadius: 3, backgroundColor: tokens.colorBrandBackground, width: `${Math.max(2, (row.count / max) * 100)}%` }}
          />
        </li>
      ))}
    </ul>
  );
}
