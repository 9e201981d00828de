// Start, stop and reload buttons for one jail of one host, each confirmed in a dialog (ADMIN only).
import { useState } from 'react';
import { useMutation } from 'urql';
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { ReloadMutation, StartJailMutation, StopJailMutation } from '../api/operations';
import { errorMessage } from '../api/errors';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorView } from '../components/ErrorView';
import { useLastShown } from '../components/useLastShown';

type Action = 'start' | 'stop' | 'reload';

const TEXT: Readonly<Record<Action, { title: string; message: (jail: string) => string; label: string }>> = {
  start: { title: 'Start this jail?', message: (j) => `fail2ban will start the jail ${j}.`, label: 'Start' },
  stop: { title: 'Stop this jail?', message: (j) => `fail2ban will stop the jail ${j} and lift all of its bans.`, label: 'Stop' },
  reload: { title: 'Reload this jail?', message: (j) => `fail2ban will reload the configuration of ${j}.`, label: 'Reload' },
};

const useStyles = makeStyles({ row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' } });

/** Mutations that return no Jail still change the jails, so their list is read again. */
const JAIL_CONTEXT = { additionalTypenames: ['Jail'] };

export function JailControls({ jail, host, running }: { jail: string; host: string; running: boolean }) {
  const styles = useStyles();
  const [pending, setPending] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [started, start] = useMutation(StartJailMutation);
  const [stopped, stop] = useMutation(StopJailMutation);
  const [reloaded, reload] = useMutation(ReloadMutation);
  const busy = started.fetching || stopped.fetching || reloaded.fetching;
  // The question stays while its dialog closes.
  const asked = useLastShown(pending);

  const run = async () => {
    if (!pending) return;
    const result =
      pending === 'start'
        ? await start({ name: jail, host }, JAIL_CONTEXT)
        : pending === 'stop'
          ? await stop({ name: jail, host }, JAIL_CONTEXT)
          : await reload({ jail, host }, JAIL_CONTEXT);
    setPending(null);
    setError(result.error ? errorMessage(result.error) : null);
  };

  return (
    <div>
      <div className={styles.row}>
        {running ? (
          <Button onClick={() => setPending('stop')} aria-label={`Stop ${jail}`}>
            Stop
          </Button>
        ) : (
          <Button onClick={() => setPending('start')} aria-label={`Start ${jail}`}>
            Start
          </Button>
        )}
        <Button onClick={() => setPending('reload')} aria-label={`Reload ${jail}`}>
          Reload
        </Button>
      </div>
      {error && <ErrorView error={error} title="The jail did not change" />}
      <ConfirmDialog
        open={pending !== null}
        title={asked ? TEXT[asked].title : ''}
        message={asked ? TEXT[asked].message(jail) : ''}
        confirmLabel={asked ? TEXT[asked].label : ''}
        busy={busy}
        onConfirm={run}
        onCancel={() => setPending(null)}
      />
    </div>
  );
}
