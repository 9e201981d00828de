// Unbans the bans chosen in the table after confirmation, one call per jail of each host, and reports the counts.
import { useState } from 'react';
import { useMutation } from 'urql';
import type { CombinedError } from 'urql';
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { UnbanManyMutation } from '../api/operations';
import { errorMessage } from '../api/errors';
import { addCounts, byJail, describeBulkUnban } from '../lib/bulkUnban';
import type { BulkUnbanCounts, ChosenBan } from '../lib/bulkUnban';
import { plural } from '../lib/format';
import { jailLabel } from '../lib/hosts';
import { ConfirmDialog } from '../components/ConfirmDialog';
import type { NoticeValue } from '../components/Notice';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
});

/** An unban returns no Ban, yet changes the list of bans. */
const UNBAN_CONTEXT = { additionalTypenames: ['Ban', 'Jail'] };

interface Props {
  chosen: readonly ChosenBan[];
  onClear: () => void;
  onDone: (outcome: NoticeValue) => void;
}

export function BulkUnbanBar({ chosen, onClear, onDone }: Props) {
  const styles = useStyles();
  const [, unbanMany] = useMutation(UnbanManyMutation);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const groups = byJail(chosen);
  const jails = groups.map((group) => jailLabel({ name: group.jail, host: group.host }, groups));

  const confirm = async () => {
    setBusy(true);
    const results: BulkUnbanCounts[] = [];
    let failure: CombinedError | undefined;
    for (const { jail, host, ips } of groups) {
      const result = await unbanMany({ ips, jail, host }, UNBAN_CONTEXT);
      if (result.error) {
        failure = result.error;
        break;
      }
      if (result.data) results.push(result.data.unbanIps);
    }
    setBusy(false);
    setAsking(false);
    const counts = describeBulkUnban(addCounts(results));
    onDone(
      failure
        ? { ok: false, message: `${results.length > 0 ? `${counts} ` : ''}Not all were unbanned: ${errorMessage(failure)}` }
        : { ok: true, message: counts },
    );
    onClear();
  };

  return (
    <div className={styles.bar} role="group" aria-label="Selected bans">
      <Text>{chosen.length === 0 ? 'Select bans to unban several at once.' : `${plural(chosen.length, 'ban')} selected.`}</Text>
      <Button appearance="primary" disabled={chosen.length === 0} onClick={() => setAsking(true)}>
        Unban selected
      </Button>
      {chosen.length > 0 && <Button onClick={onClear}>Clear selection</Button>}
      <ConfirmDialog
        open={asking}
        title={`Unban ${plural(chosen.length, 'ban')}?`}
        message={`${plural(chosen.length, 'address', 'addresses')} will be unbanned in ${jails.length === 1 ? 'the jail' : 'the jails'} ${jails.join(', ')}.`}
        confirmLabel="Unban"
        busy={busy}
        onConfirm={confirm}
        onCancel={() => setAsking(false)}
      />
    </div>
  );
}
