// How many bans came in while an older page of the list is shown, with a button to the newest.
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { plural } from '../lib/format';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS, marginBottom: tokens.spacingVerticalS },
  count: { color: tokens.colorBrandForeground1 },
});

interface Props {
  /** Bans taken in since the page was left; with none, only the empty status region is there. */
  count: number;
  onShow: () => void;
}

export function NewBansNotice({ count, onShow }: Props) {
  const styles = useStyles();
  // The status region stays in place while the count is nothing, so screen readers announce it when it comes.
  return (
    <div className={count > 0 ? styles.bar : undefined}>
      <Text role="status" className={styles.count}>
        {count > 0 ? plural(count, 'new ban') : ''}
      </Text>
      {count > 0 && (
        <Button size="small" appearance="secondary" onClick={onShow}>
          Show newest
        </Button>
      )}
    </div>
  );
}
