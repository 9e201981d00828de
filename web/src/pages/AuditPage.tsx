// /audit (ADMIN): who did what and when, newest first.
import { useState } from 'react';
import { Button, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { AuditLogView } from '../audit/AuditLogView';
import { Panel } from '../components/Panel';

const useStyles = makeStyles({
  head: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'space-between' },
});

export function AuditPage() {
  const styles = useStyles();
  // A new view reads the log again from the newest entry.
  const [generation, setGeneration] = useState(0);
  return (
    <>
      <div className={styles.head}>
        <Title2 as="h1" style={{ margin: 0 }}>
          Audit log
        </Title2>
        <Button onClick={() => setGeneration((n) => n + 1)}>Refresh</Button>
      </div>
      <Panel title="Actions, newest first">
        <AuditLogView key={generation} />
      </Panel>
    </>
  );
}
