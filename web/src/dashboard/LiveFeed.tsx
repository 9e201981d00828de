// The live list of bans and unbans as they happen, on every host or on those of the filter.
import { Badge, Text, tokens } from '@fluentui/react-components';
import { useBanEventFeed } from './useBanEventFeed';
import type { BanEventFilter } from '../gql/graphql';
import { formatDateTime } from '../lib/format';
import { errorMessage } from '../api/errors';
import { EmptyState } from '../components/EmptyState';
import { ErrorView } from '../components/ErrorView';

export function LiveFeed({ filter }: { filter: BanEventFilter | null }) {
  const { feed, error } = useBanEventFeed(filter);
  return (
    <div>
      {error && <ErrorView error={errorMessage(error)} title="The live feed stopped" />}
      {feed.events.length === 0 ? (
        <EmptyState>Waiting for new bans…</EmptyState>
      ) : (
        <ol aria-live="polite" aria-label="Latest ban events" style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 360, overflowY: 'auto' }}>
          {feed.events.map((event) => (
            <li
              key={event.cursor}
              style={{ display: 'flex', gap: 8, alignItems: 'baseline', flexWrap: 'wrap', padding: '6px 0', borderBottom: `1px solid ${tokens.colorNeutralStroke2}` }}
            >
              <Badge color={event.kind === 'BAN' ? 'danger' : 'success'} appearance="tint">
                {event.kind === 'BAN' ? 'Ban' : 'Unban'}
              </Badge>
              <Text weight="semibold">{event.ip}</Text>
              <Text>{event.jail}</Text>
              {event.country && <Text>{event.country.name ?? event.country.code}</Text>}
              <Text>on {event.host}</Text>
              <Text size={200} style={{ color: tokens.colorNeutralForeground3 }}>
                {formatDateTime(event.at)}
              </Text>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
