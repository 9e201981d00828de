// The four totals at the top of the dashboard, each value named by its label.
import { formatCount } from '../lib/format';
import { FigureList } from '../components/FigureList';

interface Summary {
  totalBans: number;
  uniqueIps: number;
  activeBans: number;
  countries: number;
}

export function SummaryTiles({ summary }: { summary: Summary }) {
  const figures = [
    { label: 'Bans', value: formatCount(summary.totalBans) },
    { label: 'Distinct addresses', value: formatCount(summary.uniqueIps) },
    { label: 'Active bans', value: formatCount(summary.activeBans) },
    { label: 'Countries', value: formatCount(summary.countries) },
  ];
  return <FigureList figures={figures} minWidth={150} size="hero" tiles />;
}
