// Formats durations, dates and counts for display.

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/** A duration in seconds as `1d 2h`, `10m`, `45s`; -1 (or any negative) is `permanent`. */
export function formatDuration(seconds: number): string {
  if (seconds < 0) return 'permanent';
  if (seconds === 0) return '0s';
  const parts: string[] = [];
  let rest = Math.floor(seconds);
  for (const [unit, size] of UNITS) {
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      parts.push(`${amount}${unit}`);
      rest -= amount * size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** A date-time from the API in the browser's locale; `—` when absent or invalid. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : date.toLocaleString();
}

/** A count with thousands separators. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
