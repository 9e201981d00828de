// /allowlist: addresses and networks no jail bans; every role reads it, ADMINs add and remove entries.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { CombinedError } from 'urql';
import { Text, Title2, tokens } from '@fluentui/react-components';
import { AddAllowlistEntryMutation, AllowlistQuery, RemoveAllowlistEntryMutation } from '../api/configOperations';
import type { IgnoreEntryFieldsFragment } from '../gql/graphql';
import type { IgnoreEntryValues } from '../lib/ignoreEntryForm';
import { isAdmin } from '../lib/roles';
import { useViewer } from '../app/ViewerContext';
import { IgnoreEntriesTable } from '../jails/IgnoreEntriesTable';
import { IgnoreEntryForm } from '../jails/IgnoreEntryForm';
import { Panel } from '../components/Panel';
import { Notice } from '../components/Notice';
import type { NoticeValue } from '../components/Notice';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ChangeErrorView } from '../components/ChangeErrorView';
import { useConfirmedAction } from '../components/useConfirmedAction';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';

/** An empty allowlist holds no IgnoreEntry for the document cache to see; every jail's ignore list changes too. */
const ALLOWLIST_CONTEXT = { additionalTypenames: ['IgnoreEntry', 'Jail'] };

export function AllowlistPage() {
  const { role } = useViewer();
  const admin = isAdmin(role);
  const [{ data, fetching, error }, refetch] = useQuery({ query: AllowlistQuery, context: ALLOWLIST_CONTEXT });
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [addError, setAddError] = useState<CombinedError | null>(null);
  const [added, add] = useMutation(AddAllowlistEntryMutation);
  const [removed, remove] = useMutation(RemoveAllowlistEntryMutation);
  const removal = useConfirmedAction<IgnoreEntryFieldsFragment>({
    run: (entry) => remove({ ip: entry.network }, ALLOWLIST_CONTEXT),
    name: (entry) => entry.network,
    done: 'removed',
    onDone: setNotice,
  });
  const entries = data?.allowlist ?? [];

  const onAdd = async (values: IgnoreEntryValues) => {
    const result = await add(values, ALLOWLIST_CONTEXT);
    setAddError(result.error ?? null);
    setNotice(result.error ? null : { ok: true, message: `Every jail now ignores ${values.ip}.` });
    return !result.error;
  };

  return (
    <>
      <Title2 as="h1" style={{ margin: 0 }}>
        Allowlist
      </Title2>
      <Text as="p" style={{ margin: 0, color: tokens.colorNeutralForeground3 }}>
        Addresses and networks every jail ignores: fail2ban never bans them.
      </Text>
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
        {data && entries.length === 0 && <EmptyState>The allowlist is empty.</EmptyState>}
        {entries.length > 0 && <IgnoreEntriesTable entries={entries} label="Allowlist" onRemove={admin ? removal.ask : undefined} />}
      </Panel>
      <ConfirmDialog
        open={removal.asking !== null}
        title="Remove from the allowlist?"
        message={removal.shown ? `fail2ban's jails will no longer all ignore ${removal.shown.network}.` : ''}
        confirmLabel="Remove"
        busy={removed.fetching}
        onConfirm={removal.confirm}
        onCancel={removal.cancel}
      />
    </>
  );
}
