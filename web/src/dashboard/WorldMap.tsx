// World map shaded by bans per country, with a tooltip on hover or keyboard focus.
import { useMemo, useState } from 'react';
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { COUNTRY_SHAPES, MAP_HEIGHT, MAP_WIDTH } from './worldShapes';
import { countryStats } from '../lib/mapData';
import type { CountryRow, CountryStat } from '../lib/mapData';
import { colorFor, MAP_PALETTE } from '../lib/colorScale';
import { plural } from '../lib/format';
import { MapLegend } from './MapLegend';

const useStyles = makeStyles({
  svg: { width: '100%', height: 'auto', display: 'block' },
  country: {
    stroke: tokens.colorNeutralBackground1,
    strokeWidth: 0.5,
    outlineStyle: 'none',
    ':focus-visible': { stroke: tokens.colorStrokeFocus2, strokeWidth: 2 },
    ':hover': { stroke: tokens.colorNeutralForeground1, strokeWidth: 1 },
  },
  info: { minHeight: '1.5em', display: 'block' },
});

function describe(stat: CountryStat): string {
  return `${stat.name}: ${plural(stat.count, 'ban')} from ${plural(stat.uniqueIps, 'address', 'addresses')}`;
}

export function WorldMap({ rows }: { rows: readonly CountryRow[] }) {
  const styles = useStyles();
  const { byKey, max } = useMemo(() => countryStats(rows), [rows]);
  const [hovered, setHovered] = useState<string | null>(null);

  return (
    <div>
      <svg className={styles.svg} viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`} role="img" aria-label="Bans by country">
        {COUNTRY_SHAPES.map((shape, index) => {
          const stat = shape.key ? byKey.get(shape.key) : undefined;
          const fill = stat ? colorFor(stat.count, max) : null;
          const label = stat ? describe(stat) : `${shape.name}: no bans`;
          return (
            <path
              key={`${shape.key ?? shape.name}-${index}`}
              d={shape.path}
              className={styles.country}
              fill={fill ?? tokens.colorNeutralBackground5}
              tabIndex={stat ? 0 : undefined}
              aria-label={stat ? label : undefined}
              onMouseEnter={() => setHovered(label)}
              onMouseLeave={() => setHovered(null)}
              onFocus={() => setHovered(label)}
              onBlur={() => setHovered(null)}
            >
              <title>{label}</title>
            </path>
          );
        })}
      </svg>
      <Text className={styles.info} aria-live="polite">
        {hovered ?? (rows.length === 0 ? 'No bans with a known country in this range.' : 'Point at a country for its numbers.')}
      </Text>
      {max > 0 && <MapLegend max={max} palette={MAP_PALETTE} />}
    </div>
  );
}
