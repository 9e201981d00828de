// The four totals at the top of the dashboard.
import { Card, Text, makeStyles, tokens } from '@fluentui/react-components';
import { formatCount } from '../lib/format';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))', gap: tokens.spacingHorizontalM },
  value: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero700 },
  label: { color: tokens.colorNeutralForeground3 },
});

interface Summary {
  totalBans: number;
  uniqueIps: number;
  activeBans: number;
  countries: number;
}

export function SummaryTiles({ summary }: { summary: Summary }) {
  const styles = useStyles();
  const tiles = [
    { label: 'Bans', value: summary.totalBans },
    { label: 'Distinct addresses', value: summary.uniqueIps },
    { label: 'Active bans', value: summary.activeBans },
    { label: 'Countries', value: summary.countries },
  ];
  return (
    <div className={styles.grid}>
      {tiles.map((tile) => (
        <Card key={tile.label}>
          <Text className={styles.label}>{tile.label}</Text>
          <Text className={styles.value}>{formatCount(tile.value)}</Text>
        </Card>
      ))}
    </div>
  );
}
