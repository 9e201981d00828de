// Formats dates, times ago, counts, sizes, schedules, short lists and autonomous systems for display.
import { formatDuration } from './duration';

/** A date-time from the API in the browser's locale; `—` when absent or invalid. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : date.toLocaleString();
}

/**
 * How long ago `iso` was, as of `now`, in the units of durations: `just now` under a minute,
 * then `5 min ago`, `2 h 10 min ago`, `3 d ago`; `never` when absent or invalid.
 */
export function formatTimeAgo(iso: string | null | undefined, now: Date): string {
  if (!iso) return 'never';
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return 'never';
  const minutes = Math.floor((now.getTime() - time) / 60_000);
  return minutes < 1 ? 'just now' : `${formatDuration(minutes * 60)} ago`;
}

/** A count with thousands separators. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * A count with its noun, the noun singular for exactly one: `1 ban`, `2 bans`,
 * `1,000 addresses`. The plural is the singular plus `s` unless given.
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'];

/** A size in bytes as `512 B`, `1.5 KiB`, `12.3 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = '';
  for (const next of BYTE_UNITS) {
    value /= 1024;
    unit = next;
    if (value < 1024) break;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${unit}`;
}

/** A schedule given in minutes as `every 6 h`, `every 1 d 12 h`. */
export function formatInterval(minutes: number): string {
  return `every ${formatDuration(minutes * 60)}`;
}

/** The first `shown` entries joined by commas, then `and N more`; `none` when empty. */
export function summarizeList(entries: readonly string[], shown = 3): string {
  if (entries.length === 0) return 'none';
  const head = entries.slice(0, shown).join(', ');
  const rest = entries.length - shown;
  return rest > 0 ? `${head} and ${rest} more` : head;
}

/** An autonomous system as `AS13335 · Cloudflare, Inc.`, or `AS64501` without a name; `unknown` when absent. */
export function formatAsn(asn: { number: number; name: string | null } | null | undefined): string {
  if (!asn) return 'unknown';
  return asn.name ? `AS${asn.number} · ${asn.name}` : `AS${asn.number}`;
}
