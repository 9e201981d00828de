// Reads and writes the bans page's filters in the URL and turns them into the API's filter input.
import type { BanFilter, BanOrigin } from '../gql/graphql';
import { isIpOrCidr } from './validation';

export const ORIGINS: readonly BanOrigin[] = ['FAIL2BAN', 'MANUAL', 'BLOCKLIST'];

export interface BanFilters {
  /** A host's name; empty for every host. */
  host: string;
  jail: string;
  ip: string;
  country: string;
  origin: BanOrigin | '';
  activeOnly: boolean;
  /** Bans from this instant on, as RFC 3339 in UTC; empty for no start. */
  since: string;
  /** Bans before this instant, as RFC 3339 in UTC; empty for no end. */
  until: string;
}

export const NO_BAN_FILTERS: BanFilters = { host: '', jail: '', ip: '', country: '', origin: '', activeOnly: false, since: '', until: '' };

const KEYS = ['host', 'jail', 'ip', 'country', 'origin', 'active', 'since', 'until'] as const;

/** An instant as RFC 3339 in UTC, without milliseconds when there are none; empty when `text` is none. */
export function toInstant(text: string | null | undefined): string {
  const value = text?.trim() ?? '';
  if (value === '') return '';
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? '' : time.toISOString().replace(/\.000Z$/, 'Z');
}

/** A `datetime-local` value (the browser's time zone, to the minute) for an instant; empty for none. */
export function instantToLocalInput(instant: string): string {
  if (!instant) return '';
  const time = new Date(instant);
  if (Number.isNaN(time.getTime())) return '';
  const two = (n: number) => `${n}`.padStart(2, '0');
  return `${time.getFullYear()}-${two(time.getMonth() + 1)}-${two(time.getDate())}T${two(time.getHours())}:${two(time.getMinutes())}`;
}

/** The filters in a query string; unknown origins and unreadable instants are dropped. */
export function parseBanFilters(search: string | URLSearchParams): BanFilters {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const origin = params.get('origin') ?? '';
  return {
    host: params.get('host')?.trim() ?? '',
    jail: params.get('jail')?.trim() ?? '',
    ip: params.get('ip')?.trim() ?? '',
    country: (params.get('country') ?? '').trim().toUpperCase(),
    origin: (ORIGINS as readonly string[]).includes(origin) ? (origin as BanOrigin) : '',
    activeOnly: params.get('active') === '1',
    since: toInstant(params.get('since')),
    until: toInstant(params.get('until')),
  };
}

/** The query string for the filters, keeping unrelated parameters of `current`; empty filters are left out. */
export function serializeBanFilters(filters: BanFilters, current: string | URLSearchParams = ''): string {
  const params = new URLSearchParams(current);
  for (const key of KEYS) params.delete(key);
  if (filters.host) params.set('host', filters.host);
  if (filters.jail) params.set('jail', filters.jail);
  if (filters.ip) params.set('ip', filters.ip);
  if (filters.country) params.set('country', filters.country);
  if (filters.origin) params.set('origin', filters.origin);
  if (filters.activeOnly) params.set('active', '1');
  if (filters.since) params.set('since', filters.since);
  if (filters.until) params.set('until', filters.until);
  return params.toString();
}

export type BanFilterErrors = Partial<Record<'ip' | 'country' | 'until', string>>;

/** The problem with each invalid filter, by field. */
export function banFilterErrors(filters: BanFilters): BanFilterErrors {
  const errors: BanFilterErrors = {};
  if (filters.ip && !isIpOrCidr(filters.ip)) errors.ip = 'An IP address or a CIDR network, like 10.0.0.0/8.';
  if (filters.country && !/^[A-Z]{2}$/.test(filters.country)) errors.country = 'Two letters, like DE.';
  if (filters.since && filters.until && Date.parse(filters.until) <= Date.parse(filters.since)) errors.until = 'A time after the start.';
  return errors;
}

/** The API filter: only the filters that are set. */
export function toBanFilterInput(filters: BanFilters): BanFilter {
  const input: BanFilter = {};
  if (filters.host) input.host = filters.host;
  if (filters.jail) input.jail = filters.jail;
  if (filters.ip) input.ip = filters.ip;
  if (filters.country) input.country = filters.country;
  if (filters.origin) input.origin = filters.origin;
  if (filters.activeOnly) input.activeOnly = true;
  if (filters.since) input.since = filters.since;
  if (filters.until) input.until = filters.until;
  return input;
}

/** Whether `filter` lists the archive, whose intake `dashboardChanged` reports. */
export function readsArchive(filter: BanFilter): boolean {
  return (filter.source ?? 'ARCHIVE') === 'ARCHIVE';
}

/** Whether bans the archive takes in after `now` can join the list `filter` selects: it has no end, or one after `now`. */
export function takesNewBans(filter: BanFilter, now: Date): boolean {
  return readsArchive(filter) && (!filter.until || Date.parse(filter.until) > now.getTime());
}
