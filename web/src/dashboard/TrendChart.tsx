// Bar chart of bans over time (hourly or daily buckets), drawn as plain SVG.
import { useMemo } from 'react';
import { Text, tokens } from '@fluentui/react-components';
import { trendBars } from '../lib/trendLayout';
import type { TrendPointLike } from '../lib/trendLayout';
import { formatCount, formatDateTime, plural } from '../lib/format';
import { EmptyState } from '../components/EmptyState';

const WIDTH = 600;
const HEIGHT = 160;

interface Props {
  points: readonly TrendPointLike[];
  since: string;
  until: string;
}

export function TrendChart({ points, since, until }: Props) {
  const sinceMs = new Date(since).getTime();
  const untilMs = new Date(until).getTime();
  const { bars, max } = useMemo(() => trendBars(points, sinceMs, untilMs, WIDTH, HEIGHT), [points, sinceMs, untilMs]);
  if (points.length === 0) return <EmptyState>No bans in this range.</EmptyState>;
  const total = points.reduce((sum, p) => sum + p.count, 0);
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        style={{ width: '100%', height: 'auto', display: 'block' }}
        role="img"
        aria-label={`Bans over time: ${plural(total, 'ban')} in ${plural(points.length, 'bucket')}, at most ${formatCount(max)} in one`}
      >
        <line x1={0} y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} stroke={tokens.colorNeutralStroke1} />
        {bars.map((bar) => (
          <rect key={bar.start} x={bar.x} y={HEIGHT - bar.height} width={bar.width} height={bar.height} fill={tokens.colorBrandBackground}>
            <title>{`${formatDateTime(bar.start)}: ${plural(bar.count, 'ban')}`}</title>
          </rect>
        ))}
      </svg>
      <figcaption style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
        <Text size={200}>{formatDateTime(since)}</Text>
        <Text size={200}>peak {formatCount(max)} per bucket</Text>
        <Text size={200}>{formatDateTime(until)}</Text>
      </figcaption>
    </figure>
  );
}
