// Labelled figures as a description list: each value (dd) follows its label (dt), so assistive
// technology reads them as pairs, "Bans 2".
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  list: { display: 'grid', gap: tokens.spacingHorizontalS, margin: 0 },
  tiles: { gap: tokens.spacingHorizontalM },
  item: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  tile: {
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  label: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300 },
  value: { margin: 0, fontWeight: tokens.fontWeightSemibold },
  medium: { fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  large: { fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
  hero: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700 },
});

export interface Figure {
  label: string;
  value: string;
}

interface Props {
  figures: readonly Figure[];
  /** The narrowest a figure's column gets, in pixels. */
  minWidth: number;
  size?: 'medium' | 'large' | 'hero';
  /** Each figure on a card of its own. */
  tiles?: boolean;
}

export function FigureList({ figures, minWidth, size = 'medium', tiles = false }: Props) {
  const styles = useStyles();
  return (
    <dl
      className={mergeClasses(styles.list, tiles && styles.tiles)}
      style={{ gridTemplateColumns: `repeat(auto-fit, minmax(${minWidth}px, 1fr))` }}
    >
      {figures.map((figure) => (
        <div key={figure.label} className={mergeClasses(styles.item, tiles && styles.tile)}>
          <dt className={styles.label}>{figure.label}</dt>
          <dd className={mergeClasses(styles.value, styles[size])}>{figure.value}</dd>
        </div>
      ))}
    </dl>
  );
}
