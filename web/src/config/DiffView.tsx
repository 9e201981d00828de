// A unified diff shown readably: monospace, added lines (+) green, removed lines (-) red, scrolling
// inside its box so that a long line does not widen the page.
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { diffStat, parseUnifiedDiff } from '../lib/unifiedDiff';

const useStyles = makeStyles({
  box: {
    margin: 0,
    maxHeight: '24em',
    overflow: 'auto',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase300,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  line: { display: 'block', whiteSpace: 'pre', padding: `0 ${tokens.spacingHorizontalS}`, minWidth: 'max-content' },
  added: { backgroundColor: tokens.colorPaletteGreenBackground2, color: tokens.colorPaletteGreenForeground3 },
  removed: { backgroundColor: tokens.colorPaletteRedBackground2, color: tokens.colorPaletteRedForeground3 },
  hunk: { color: tokens.colorBrandForeground1 },
  file: { fontWeight: tokens.fontWeightSemibold },
  note: { color: tokens.colorNeutralForeground3 },
  context: {},
});

export function DiffView({ diff, label }: { diff: string; label: string }) {
  const styles = useStyles();
  const lines = parseUnifiedDiff(diff);
  const { added, removed } = diffStat(lines);
  return (
    <pre className={styles.box} aria-label={`${label}: ${added} added, ${removed} removed`} tabIndex={0}>
      <code>
        {lines.map((line, index) => (
          <span key={index} className={mergeClasses(styles.line, styles[line.kind])} data-kind={line.kind}>
            {line.text || ' '}
          </span>
        ))}
      </code>
    </pre>
  );
}
