// Follows one import run live through importProgress: a progress bar, its counters and, for a dry run, the preview.
import { useEffect } from 'react';
import { useSubscription } from 'urql';
import { Button, Card, CardHeader, Field, ProgressBar, Subtitle2, Text } from '@fluentui/react-components';
import { ImportProgressSubscription } from '../api/operations';
import { errorMessage } from '../api/errors';
import type { ImportRunDetailFieldsFragment } from '../gql/graphql';
import { isFinished, runProgress } from '../lib/importRuns';
import { ErrorView } from '../components/ErrorView';
import { useLatest } from '../components/useLatest';
import { ImportStatusBadge } from './ImportStatusBadge';
import { RunCounters } from './RunCounters';
import { DryRunPreview } from './DryRunPreview';

interface Props {
  /** The run as `importBlocklist` returned it. */
  run: ImportRunDetailFieldsFragment;
  /** Called once when the run has finished. */
  onFinished: () => void;
  onDismiss: () => void;
}

export function ImportProgressCard({ run: started, onFinished, onDismiss }: Props) {
  const [result] = useSubscription({
    query: ImportProgressSubscription,
    variables: { runId: started.id },
    pause: isFinished(started.status),
  });
  const run = result.data?.importProgress ?? started;
  const finished = isFinished(run.status);
  const onFinishedRef = useLatest(onFinished);
  useEffect(() => {
    if (finished) onFinishedRef.current();
  }, [finished, onFinishedRef]);

  const progress = runProgress(run);
  const title = `${run.dryRun ? 'Dry run' : 'Import'} of ${run.source.name}`;
  const color = run.status === 'FAILED' ? 'error' : run.status === 'COMPLETED' ? 'success' : run.status === 'SKIPPED' ? 'warning' : 'brand';

  return (
    <Card role="region" aria-label={title} style={{ minWidth: 0 }}>
      <CardHeader
        header={
          <Subtitle2 as="h2" style={{ margin: 0 }}>
            {title}
          </Subtitle2>
        }
        description={<ImportStatusBadge status={run.status} dryRun={false} />}
        action={
          <Button appearance="subtle" onClick={onDismiss} aria-label={`Close ${title}`}>
            Close
          </Button>
        }
      />
      <Field label="Progress" validationMessage={progress.label} validationState="none">
        <ProgressBar value={progress.value ?? undefined} max={1} color={color} thickness="large" />
      </Field>
      <RunCounters run={run} />
      {run.status === 'FAILED' && <ErrorView error={run.error ?? 'No reason was given.'} title="The import failed" />}
      {run.status === 'SKIPPED' && run.error && <Text>{run.error}</Text>}
      {run.dryRun && run.status === 'COMPLETED' && <DryRunPreview run={run} />}
      {result.error && <ErrorView error={errorMessage(result.error)} title="Progress updates stopped" />}
    </Card>
  );
}
