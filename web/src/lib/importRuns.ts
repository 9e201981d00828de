// Reads import runs: whether one has finished, how far it has got, and the sources a log names.
import type { ImportStatus } from '../gql/graphql';
import { formatCount, plural } from './format';

const FINISHED: readonly ImportStatus[] = ['COMPLETED', 'FAILED', 'SKIPPED'];

/** Whether a run with this status will change no more. */
export function isFinished(status: ImportStatus): boolean {
  return FINISHED.includes(status);
}

export interface ProgressCounters {
  status: ImportStatus;
  dryRun: boolean;
  parsedLines: number;
  validIps: number;
  newBans: number;
  alreadyBanned: number;
}

export interface RunProgress {
  /** From 0 to 1; null while there is nothing to measure (waiting, downloading, checking). */
  value: number | null;
  /** What the run is doing, for people. */
  label: string;
}

/**
 * How far a run has got. A run bans its valid addresses in batches, adding each batch to
 * `newBans` or `alreadyBanned`, so their sum over `validIps` is the share done.
 */
export function runProgress(run: ProgressCounters): RunProgress {
  switch (run.status) {
    case 'PENDING':
      return { value: null, label: 'Waiting for a worker…' };
    case 'COMPLETED':
      return { value: 1, label: run.dryRun ? 'Dry run finished.' : 'Import finished.' };
    case 'FAILED':
      return { value: 1, label: 'The import failed.' };
    case 'SKIPPED':
      return { value: 1, label: 'Skipped: nothing to do.' };
    case 'RUNNING':
      break;
  }
  if (run.parsedLines === 0) return { value: null, label: 'Downloading the list…' };
  if (run.validIps === 0) return { value: null, label: `Checking ${plural(run.parsedLines, 'entry', 'entries')}…` };
  const handled = Math.min(run.newBans + run.alreadyBanned, run.validIps);
  return {
    value: handled / run.validIps,
    label: `${formatCount(handled)} of ${plural(run.validIps, 'address', 'addresses')} handled`,
  };
}

/**
 * The distinct sources of runs listed newest first, by name, each with its newest run of the
 * list as `lastRun`.
 */
export function sourcesOfRuns<R extends { source: { id: string; name: string } }>(runs: readonly R[]): Array<R['source'] & { lastRun: R }> {
  const byId = new Map<string, R['source'] & { lastRun: R }>();
  for (const run of runs) if (!byId.has(run.source.id)) byId.set(run.source.id, { ...run.source, lastRun: run });
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}
