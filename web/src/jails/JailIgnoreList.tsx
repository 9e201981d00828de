// A jail's ignore list in full, with comments and expiry; ADMINs add entries and remove those BanGUI added.
import { useState } from 'react';
import { useMutation } from 'urql';
import type { CombinedError } from 'urql';
import { AddIgnoreIpMutation, RemoveIgnoreIpMutation } from '../api/operations';
import type { IgnoreEntryFieldsFragment } from '../gql/graphql';
import type { IgnoreEntryValues } from '../lib/ignoreEntryForm';
import { ChangeErrorView } from '../components/ChangeErrorView';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { Notice } from '../components/Notice';
import type { NoticeValue } from '../components/Notice';
import { useConfirmedAction } from '../components/useConfirmedAction';
import { IgnoreEntriesTable } from './IgnoreEntriesTable';
import { IgnoreEntryForm } from './IgnoreEntryForm';

interface Props {
  jail: string;
  /** The jail's host. */
  host: string;
  entries: readonly IgnoreEntryFieldsFragment[];
  editable: boolean;
}

export function JailIgnoreList({ jail, host, entries, editable }: Props) {
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [addError, setAddError] = useState<CombinedError | null>(null);
  const [added, add] = useMutation(AddIgnoreIpMutation);
  const [removed, remove] = useMutation(RemoveIgnoreIpMutation);
  const removal = useConfirmedAction<IgnoreEntryFieldsFragment>({
    run: (entry) => remove({ jail, ip: entry.network, host }),
    name: (entry) => entry.network,
    done: 'removed',
    onDone: setNotice,
  });

  const onAdd = async (values: IgnoreEntryValues) => {
    const result = await add({ jail, ...values, host });
    setAddError(result.error ?? null);
    setNotice(result.error ? null : { ok: true, message: `${jail} now ignores ${values.ip}.` });
    return !result.error;
  };

  return (
    <>
      {entries.length === 0 ? (
        <EmptyState>Nothing is ignored.</EmptyState>
      ) : (
        <IgnoreEntriesTable entries={entries} label={`Ignored by ${jail}`} onRemove={editable ? removal.ask : undefined} />
      )}
      {notice && <Notice notice={notice} onDismiss={() => setNotice(null)} />}
      {addError && <ChangeErrorView error={addError} title="Not added to the ignore list" />}
      {editable && <IgnoreEntryForm label={`Add to the ignore list of ${jail}`} busy={added.fetching} onAdd={onAdd} />}
      <ConfirmDialog
        open={removal.asking !== null}
        title="Stop ignoring this entry?"
        message={removal.shown ? `fail2ban's jail ${jail} will no longer ignore ${removal.shown.network}.` : ''}
        confirmLabel="Remove"
        busy={removed.fetching}
        onConfirm={removal.confirm}
        onCancel={removal.cancel}
      />
    </>
  );
}
