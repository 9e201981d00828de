// Reads and writes the dashboard's time range, jail and host filters in the URL query string.

export const RANGES = ['24h', '7d', '30d', '1y'] as const;
export type Range = (typeof RANGES)[number];
export const DEFAULT_RANGE: Range = '24h';

export const RANGE_LABELS: Readonly<Record<Range, string>> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '1y': 'Last year',
};

const RANGE_MS: Readonly<Record<Range, number>> = {
  '24h': 24 * 3600 * 1000,
  '7d': 7 * 24 * 3600 * 1000,
  '30d': 30 * 24 * 3600 * 1000,
  '1y': 365 * 24 * 3600 * 1000,
};

export interface DashboardFilters {
  range: Range;
  /** A jail name, or null for every jail. */
  jail: string | null;
  /** A host's name, or null for every host. */
  host: string | null;
}

function isRange(value: string | null): value is Range {
  return value !== null && (RANGES as readonly string[]).includes(value);
}

/** The filters in a query string; unknown or missing values fall back to the defaults. */
export function parseFilters(search: string | URLSearchParams): DashboardFilters {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const range = params.get('range');
  const jail = params.get('jail')?.trim() ?? '';
  const host = params.get('host')?.trim() ?? '';
  return { range: isRange(range) ? range : DEFAULT_RANGE, jail: jail === '' ? null : jail, host: host === '' ? null : host };
}

/**
 * The query string for the filters, keeping unrelated parameters of `current`;
 * default values are left out so the plain URL shows the default view.
 */
export function serializeFilters(filters: DashboardFilters, current: string | URLSearchParams = ''): string {
  const params = new URLSearchParams(current);
  if (filters.range === DEFAULT_RANGE) params.delete('range');
  else params.set('range', filters.range);
  if (filters.jail) params.set('jail', filters.jail);
  else params.delete('jail');
  if (filters.host) params.set('host', filters.host);
  else params.delete('host');
  return params.toString();
}

/** The start of the range, as RFC 3339, counted back from `now`. */
export function rangeSince(range: Range, now: Date): string {
  return new Date(now.getTime() - RANGE_MS[range]).toISOString();
}
