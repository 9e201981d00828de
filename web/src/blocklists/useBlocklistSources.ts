// The blocklist sources a role can see: every source for an ADMIN, those of the latest imports for others.
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { BlocklistSourcesQuery, RecentImportSourcesQuery } from '../api/operations';
import { sourcesOfRuns } from '../lib/importRuns';
import { useLatest } from '../components/useLatest';
import type { Source } from './SourcesTable';

/** How many of the latest runs name the sources shown to a non-admin. */
export const RECENT_RUNS = 100;

/** An empty list holds no BlocklistSource for the document cache to see; name the type so changes refresh it. */
const SOURCES_CONTEXT = { additionalTypenames: ['BlocklistSource'] };

/**
 * `blocklistSources` needs ADMIN; every role may read the import log, whose runs name their
 * source, so other roles see the sources of the latest runs, each with its newest run there.
 */
export function useBlocklistSources(admin: boolean, refreshes: number) {
  const [all, refetchAll] = useQuery({ query: BlocklistSourcesQuery, pause: !admin, context: SOURCES_CONTEXT });
  const [recent, refetchRecent] = useQuery({
    query: RecentImportSourcesQuery,
    variables: { first: RECENT_RUNS },
    pause: admin,
    context: SOURCES_CONTEXT,
  });
  const refetch = () => (admin ? refetchAll : refetchRecent)({ requestPolicy: 'network-only' });
  const refetchRef = useLatest(refetch);
  useEffect(() => {
    if (refreshes > 0) refetchRef.current();
  }, [refreshes, refetchRef]);

  const answer = admin ? all : recent;
  const recentSources = recent.data ? sourcesOfRuns(recent.data.importRuns.nodes) : null;
  const sources: Source[] | null = admin ? (all.data?.blocklistSources ?? null) : recentSources;
  return { sources, fetching: answer.fetching, error: answer.error, refetch };
}
