// Enables or disables a jail for good and deletes a jail BanGUI created, each confirmed (ADMIN only).
import { useRef, useState } from 'react';
import { useMutation } from 'urql';
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { DeleteJailMutation, SetJailEnabledMutation } from '../api/configOperations';
import type { CombinedError } from 'urql';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ChangeErrorView } from '../components/ChangeErrorView';
import { useLastShown } from '../components/useLastShown';

type Action = 'enable' | 'disable' | 'delete';

const TEXT: Readonly<Record<Action, { title: string; message: (jail: string) => string; label: string }>> = {
  enable: {
    title: 'Enable this jail?',
    message: (j) => `BanGUI will enable ${j} in its configuration file and fail2ban will start it, now and after every restart.`,
    label: 'Enable',
  },
  disable: {
    title: 'Disable this jail?',
    message: (j) => `BanGUI will disable ${j} in its configuration file: fail2ban stops it, lifts its bans and no longer starts it.`,
    label: 'Disable',
  },
  delete: {
    title: 'Delete this jail?',
    message: (j) => `BanGUI will delete the file of ${j}; fail2ban stops the jail and lifts its bans.`,
    label: 'Delete',
  },
};

const useStyles = makeStyles({ row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' } });

/** Deleting returns no Jail, yet changes the list of jails. */
interface Props {
  jail: string;
  /** The jail's host. */
  host: string;
  enabled: boolean;
  managed: boolean;
  onDeleted: () => void;
}

export function JailConfigControls({ jail, host, enabled, managed, onDeleted }: Props) {
  const styles = useStyles();
  const [pending, setPending] = useState<Action | null>(null);
  const [error, setError] = useState<CombinedError | null>(null);
  const [switched, setEnabled] = useMutation(SetJailEnabledMutation);
  const [deleted, deleteJail] = useMutation(DeleteJailMutation);
  const asked = useLastShown(pending);
  // These controls go with the deleted jail, so the page hears of the deletion
  // only once the dialog has finished closing.
  const deletedJail = useRef(false);

  const run = async () => {
    if (!pending) return;
    const result =
      pending === 'delete'
        ? await deleteJail({ name: jail, host })
        : await setEnabled({ name: jail, enabled: pending === 'enable', host });
    setPending(null);
    setError(result.error ?? null);
    deletedJail.current = !result.error && pending === 'delete';
  };

  return (
    <div>
      <div className={styles.row}>
        {enabled ? (
          <Button onClick={() => setPending('disable')} aria-label={`Disable ${jail}`}>
            Disable
          </Button>
        ) : (
          <Button onClick={() => setPending('enable')} aria-label={`Enable ${jail}`}>
            Enable
          </Button>
        )}
        {/* The button stays while its dialog is open, so that the dialog can give focus back to it. */}
        {(managed || asked === 'delete') && (
          <Button onClick={() => setPending('delete')} aria-label={`Delete ${jail}`}>
            Delete
          </Button>
        )}
      </div>
      {error && <ChangeErrorView error={error} title="The jail did not change" />}
      <ConfirmDialog
        open={pending !== null}
        title={asked ? TEXT[asked].title : ''}
        message={asked ? TEXT[asked].message(jail) : ''}
        confirmLabel={asked ? TEXT[asked].label : ''}
        busy={switched.fetching || deleted.fetching}
        onConfirm={run}
        onCancel={() => setPending(null)}
        onClosed={() => {
          if (!deletedJail.current) return;
          deletedJail.current = false;
          onDeleted();
        }}
      />
    </div>
  );
}
