// One host's allowlist: its entries for every role, adding and removing them for ADMINs.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { CombinedError } from 'urql';
import { AddAllowlistEntryMutation, AllowlistQuery, RemoveAllowlistEntryMutation } from '../api/configOperations';
import type { IgnoreEntryFieldsFragment } from '../gql/graphql';
import type { IgnoreEntryValues } from '../lib/ignoreEntryForm';
import { Panel } from '../components/Panel';
import { Notice } from '../components/Notice';
import type { NoticeValue } from '../components/Notice';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ChangeErrorView } from '../components/ChangeErrorView';
import { useConfirmedAction } from '../components/useConfirmedAction';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';
import { IgnoreEntriesTable } from './IgnoreEntriesTable';
import { IgnoreEntryForm } from './IgnoreEntryForm';

/** An empty allowlist holds no IgnoreEntry for the document cache to see; every jail's ignore list changes too. */
const ALLOWLIST_CONTEXT = { additionalTypenames: ['IgnoreEntry', 'Jail'] };

interface Props {
  /** The host, sent with every query and mutation; null for the local host. */
  host: string | null;
  /** The host's name as the texts give it, when there are several hosts; else null. */
  named: string | null;
  admin: boolean;
}

export function HostAllowlist({ host, named, admin }: Props) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: AllowlistQuery, variables: { host }, context: ALLOWLIST_CONTEXT });
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [addError, setAddError] = useState<CombinedError | null>(null);
  const [added, add] = useMutation(AddAllowlistEntryMutation);
  const [removed, remove] = useMutation(RemoveAllowlistEntryMutation);
  const removal = useConfirmedAction<IgnoreEntryFieldsFragment>({
    run: (entry) => remove({ ip: entry.network, host }, ALLOWLIST_CONTEXT),
    name: (entry) => entry.network,
    done: 'removed',
    onDone: setNotice,
  });
  const entries = data?.allowlist ?? [];
  const on = named ? ` on ${named}` : '';

  const onAdd = async (values: IgnoreEntryValues) => {
    const result = await add({ ...values, host }, ALLOWLIST_CONTEXT);
    setAddError(result.error ?? null);
    setNotice(result.error ? null : { ok: true, message: `Every jail${on} now ignores ${values.ip}.` });
    return !result.error;
  };

  return (
    <>
      {notice && <Notice notice={notice} onDismiss={() => setNotice(null)} />}
      {admin && (
        <Panel title="Add to the allowlist">
          <IgnoreEntryForm label="Add to the allowlist" busy={added.fetching} onAdd={onAdd} />
          {addError && <ChangeErrorView error={addError} title="Not added to the allowlist" />}
        </Panel>
      )}
      <Panel title="Entries">
        {error && <ErrorView error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
        {fetching && !data && <LoadingView label="Loading the allowlist…" />}
        {data && entries.length === 0 && <EmptyState>{named ? `The allowlist of ${named} is empty.` : 'The allowlist is empty.'}</EmptyState>}
        {entries.length > 0 && <IgnoreEntriesTable entries={entries} label="Allowlist" onRemove={admin ? removal.ask : undefined} />}
      </Panel>
      <ConfirmDialog
        open={removal.asking !== null}
        title="Remove from the allowlist?"
        message={removal.shown ? `fail2ban's jails${on} will no longer all ignore ${removal.shown.network}.` : ''}
        confirmLabel="Remove"
        busy={removed.fetching}
        onConfirm={removal.confirm}
        onCancel={removal.cancel}
      />
    </>
  );
}
