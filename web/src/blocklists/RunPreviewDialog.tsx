// A dialog with a finished dry run's counters and the addresses it would ban and unban; it stays
// mounted and is opened and closed, as a Fluent dialog unmounted while open leaves aria-hidden behind.
import { useQuery } from 'urql';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';
import { ImportRunQuery } from '../api/operations';
import { formatDateTime } from '../lib/format';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { RunCounters } from './RunCounters';
import { DryRunPreview } from './DryRunPreview';

export function RunPreviewDialog({ open, runId, onClose }: { open: boolean; runId: string; onClose: () => void }) {
  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <RunPreview key={runId} runId={runId} onClose={onClose} />
      </DialogSurface>
    </Dialog>
  );
}

function RunPreview({ runId, onClose }: { runId: string; onClose: () => void }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ImportRunQuery, variables: { id: runId } });
  const run = data?.importRun;
  return (
    <DialogBody>
      <DialogTitle>{run ? `Dry run of ${run.source.name}, ${formatDateTime(run.createdAt)}` : 'Dry run'}</DialogTitle>
      <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
        {fetching && !run && <LoadingView label="Loading the dry run…" />}
        {error && <ErrorView error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
        {run && (
          <>
            <RunCounters run={run} />
            <DryRunPreview run={run} />
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button appearance="primary" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </DialogBody>
  );
}
