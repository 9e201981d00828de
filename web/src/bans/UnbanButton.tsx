// Unbans an address in one jail (or in all) of one host (or of all) after confirmation; for OPERATOR and ADMIN only.
import { useState } from 'react';
import { useMutation } from 'urql';
import { Button } from '@fluentui/react-components';
import { UnbanMutation } from '../api/operations';
import { errorMessage } from '../api/errors';
import { ConfirmDialog } from '../components/ConfirmDialog';

interface Props {
  ip: string;
  /** The jail, or null for every jail. */
  jail: string | null;
  /** The host, or null (unless given) for every host. */
  host?: string | null;
  onDone: (outcome: { ok: boolean; message: string }) => void;
}

export function UnbanButton({ ip, jail, host = null, onDone }: Props) {
  const [open, setOpen] = useState(false);
  const [{ fetching }, unban] = useMutation(UnbanMutation);

  const confirm = async () => {
    const result = await unban({ ip, jail, host });
    setOpen(false);
    if (result.error) return onDone({ ok: false, message: errorMessage(result.error) });
    const jails = result.data?.unbanIp.jails ?? [];
    onDone({
      ok: true,
      message: jails.length > 0 ? `${ip} was unbanned in ${jails.join(', ')}.` : `${ip} was not banned anywhere.`,
    });
  };

  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} aria-label={`Unban ${ip}${jail ? ` in ${jail}` : ''}`}>
        {jail ? 'Unban' : 'Unban everywhere'}
      </Button>
      <ConfirmDialog
        open={open}
        title="Unban this address?"
        message={jail ? `${ip} will be unbanned in the jail ${jail}.` : `${ip} will be unbanned in every jail.`}
        confirmLabel="Unban"
        busy={fetching}
        onConfirm={confirm}
        onCancel={() => setOpen(false)}
      />
    </>
  );
}
