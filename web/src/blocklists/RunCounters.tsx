// The counters of one import run as labelled figures.
import type { ImportRunFieldsFragment } from '../gql/graphql';
import { formatBytes, formatCount } from '../lib/format';
import { FigureList } from '../components/FigureList';

export function RunCounters({ run }: { run: ImportRunFieldsFragment }) {
  const figures = [
    { label: 'Downloaded', value: formatBytes(run.downloadedBytes) },
    { label: 'Entries', value: formatCount(run.parsedLines) },
    { label: 'Invalid lines', value: formatCount(run.invalidLines) },
    { label: 'Skipped', value: formatCount(run.skipped) },
    { label: 'Valid addresses', value: formatCount(run.validIps) },
    { label: run.dryRun ? 'Would ban' : 'New bans', value: formatCount(run.newBans) },
    { label: 'Already banned', value: formatCount(run.alreadyBanned) },
    { label: run.dryRun ? 'Would unban' : 'Unbanned', value: formatCount(run.unbanned) },
  ];
  return <FigureList figures={figures} minWidth={130} />;
}
