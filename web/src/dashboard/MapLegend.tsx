// The colour key under the world map.
import { Text, tokens } from '@fluentui/react-components';
import { plural } from '../lib/format';

export function MapLegend({ max, palette }: { max: number; palette: readonly string[] }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }} aria-hidden="true">
      <Text size={200} style={{ color: tokens.colorNeutralForeground3 }}>
        1
      </Text>
      {palette.map((colour) => (
        <span key={colour} style={{ width: 24, height: 10, backgroundColor: colour, display: 'inline-block' }} />
      ))}
      <Text size={200} style={{ color: tokens.colorNeutralForeground3 }}>
        {plural(max, 'ban')} (log scale)
      </Text>
    </div>
  );
}
