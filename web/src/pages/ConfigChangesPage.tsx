// /changes (ADMIN): every change BanGUI made to fail2ban's configuration, newest first, with its diff.
import { useState } from 'react';
import { Button, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { ConfigChangeList } from '../config/ConfigChangeList';

const useStyles = makeStyles({
  head: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'space-between' },
});

export function ConfigChangesPage() {
  const styles = useStyles();
  // A new list reads the history again from the newest change.
  const [generation, setGeneration] = useState(0);
  return (
    <>
      <div className={styles.head}>
        <Title2 as="h1" style={{ margin: 0 }}>
          Configuration changes
        </Title2>
        <Button onClick={() => setGeneration((n) => n + 1)}>Refresh</Button>
      </div>
      <ConfigChangeList key={generation} />
    </>
  );
}
