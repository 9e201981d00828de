// /blocklists: sources (managed by admins, run by operators), live import progress and the import log.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Button, Field, Select, Text, Title2, makeStyles, tokens, useRestoreFocusTarget } from '@fluentui/react-components';
import { DeleteBlocklistSourceMutation, ImportBlocklistMutation, JailNamesQuery } from '../api/operations';
import { errorMessage } from '../api/errors';
import type { ImportRunDetailFieldsFragment } from '../gql/graphql';
import { canOperate, isAdmin } from '../lib/roles';
import { useViewer } from '../app/ViewerContext';
import { SourcesTable } from '../blocklists/SourcesTable';
import type { Source } from '../blocklists/SourcesTable';
import { SourceFormDialog } from '../blocklists/SourceFormDialog';
import { ImportProgressCard } from '../blocklists/ImportProgressCard';
import { ImportLog } from '../blocklists/ImportLog';
import { RunPreviewDialog } from '../blocklists/RunPreviewDialog';
import { RECENT_RUNS, useBlocklistSources } from '../blocklists/useBlocklistSources';
import { Panel } from '../components/Panel';
import { Notice } from '../components/Notice';
import type { NoticeValue } from '../components/Notice';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useLastShown } from '../components/useLastShown';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';

const useStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', justifyContent: 'space-between' },
  note: { color: tokens.colorNeutralForeground3 },
  filter: { minWidth: '200px' },
});

/** Deleting a source removes its runs too. */
const DELETE_CONTEXT = { additionalTypenames: ['BlocklistSource', 'ImportRun'] };

export function BlocklistsPage() {
  const styles = useStyles();
  const { role } = useViewer();
  const admin = isAdmin(role);
  const restoreFocus = useRestoreFocusTarget();
  const [refreshes, setRefreshes] = useState(0);
  const { sources, fetching, error, refetch } = useBlocklistSources(admin, refreshes);
  const [{ data: jailData }] = useQuery({ query: JailNamesQuery, pause: !admin });
  const [editor, setEditor] = useState<{ open: boolean; source: Source | null; opening: number }>({
    open: false,
    source: null,
    opening: 0,
  });
  const [deleting, setDeleting] = useState<Source | null>(null);
  // The source named stays while the dialog closes.
  const deleteAsked = useLastShown(deleting);
  const [runs, setRuns] = useState<ImportRunDetailFieldsFragment[]>([]);
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [logSource, setLogSource] = useState('');
  const [preview, setPreview] = useState<{ open: boolean; runId: string }>({ open: false, runId: '' });
  const [imported, importList] = useMutation(ImportBlocklistMutation);
  const [deleted, deleteSource] = useMutation(DeleteBlocklistSourceMutation);

  const refresh = () => setRefreshes((n) => n + 1);

  const run = async (source: Source, dryRun: boolean) => {
    const result = await importList({ sourceId: source.id, dryRun });
    const started = result.data?.importBlocklist;
    if (!started) return setNotice({ ok: false, message: `${source.name} was not imported: ${errorMessage(result.error)}` });
    setNotice(null);
    setRuns((current) => [started, ...current.filter((r) => r.id !== started.id)]);
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    const { id, name } = deleting;
    const result = await deleteSource({ id }, DELETE_CONTEXT);
    setDeleting(null);
    if (result.error) return setNotice({ ok: false, message: `${name} was not deleted: ${errorMessage(result.error)}` });
    setNotice({ ok: true, message: `Deleted ${name} and its import log.` });
    setRuns((current) => current.filter((r) => r.source.id !== id));
    if (logSource === id) setLogSource('');
  };

  const edit = (source: Source | null) => setEditor((current) => ({ open: true, source, opening: current.opening + 1 }));
  const closeEditor = () => setEditor((current) => ({ ...current, open: false }));
  const saved = (message: string) => {
    closeEditor();
    setNotice({ ok: true, message });
  };

  return (
    <>
      <Title2 as="h1" style={{ margin: 0 }}>
        Blocklists
      </Title2>
      {notice && <Notice notice={notice} onDismiss={() => setNotice(null)} />}
      {runs.map((r) => (
        <ImportProgressCard
          key={r.id}
          run={r}
          onFinished={refresh}
          onDismiss={() => setRuns((current) => current.filter((other) => other.id !== r.id))}
        />
      ))}
      <Panel title="Sources">
        <div className={styles.toolbar}>
          <Text className={styles.note}>
            {admin
              ? 'Published lists of addresses, downloaded on schedule and banned in a jail.'
              : `The sources of the latest ${RECENT_RUNS} imports. Every source and its settings are shown to an ADMIN.`}
          </Text>
          {admin && (
            <Button appearance="primary" {...restoreFocus} onClick={() => edit(null)}>
              Add a source
            </Button>
          )}
        </div>
        {error && <ErrorView error={error} onRetry={refetch} />}
        {fetching && !sources && <LoadingView label="Loading the sources…" />}
        {sources && sources.length === 0 && (
          <EmptyState>{admin ? 'No blocklist sources yet.' : 'No imports yet, so no sources to show.'}</EmptyState>
        )}
        {sources && sources.length > 0 && (
          <SourcesTable
            sources={sources}
            canRun={canOperate(role)}
            canEdit={admin}
            busy={imported.fetching}
            onRun={run}
            onEdit={edit}
            onDelete={setDeleting}
          />
        )}
      </Panel>
      <Panel title="Import log">
        <Field label="Source" className={styles.filter}>
          <Select value={logSource} onChange={(_, d) => setLogSource(d.value)}>
            <option value="">All sources</option>
            {(sources ?? []).map((source) => (
              <option key={source.id} value={source.id}>
                {source.name}
              </option>
            ))}
          </Select>
        </Field>
        <ImportLog
          key={logSource}
          sourceId={logSource || null}
          refreshes={refreshes}
          onPreview={(runId) => setPreview({ open: true, runId })}
        />
      </Panel>
      <SourceFormDialog
        open={editor.open}
        opening={editor.opening}
        source={editor.source}
        jails={[...new Set((jailData?.jails ?? []).map((j) => j.name))]}
        onClose={closeEditor}
        onSaved={saved}
      />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this source?"
        message={deleteAsked ? `${deleteAsked.name} and its import log will be deleted. The bans it caused stay.` : ''}
        confirmLabel="Delete"
        busy={deleted.fetching}
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
      />
      <RunPreviewDialog open={preview.open} runId={preview.runId} onClose={() => setPreview((current) => ({ ...current, open: false }))} />
    </>
  );
}
