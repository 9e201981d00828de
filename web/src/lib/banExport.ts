// The address of an export of archived bans (`GET /export/bans`) for a filter, and the filters it cannot cover.
import type { BanFilter } from '../gql/graphql';

export type BanExportFormat = 'csv' | 'ndjson';

/**
 * The filters set in `filter` that an export does not take, by the label the bans page shows;
 * the export covers the archive filtered by time, jail and host only.
 */
export function unexportableFilters(filter: BanFilter): string[] {
  const labels: string[] = [];
  if (filter.source === 'FAIL2BAN') labels.push('fail2ban source');
  if (filter.ip) labels.push('IP or CIDR');
  if (filter.country) labels.push('Country');
  if (filter.origin) labels.push('Origin');
  if (filter.activeOnly) labels.push('Active only');
  return labels;
}

/** The export of the bans `filter` selects, in `format`, under the app's base path (`import.meta.env.BASE_URL`). */
export function banExportHref(filter: BanFilter, format: BanExportFormat, basePath: string): string {
  const params = new URLSearchParams({ format });
  if (filter.since) params.set('since', filter.since);
  if (filter.until) params.set('until', filter.until);
  if (filter.jail) params.set('jail', filter.jail);
  if (filter.host) params.set('host', filter.host);
  const base = basePath.endsWith('/') ? basePath : `${basePath}/`;
  return `${base}export/bans?${params.toString()}`;
}
