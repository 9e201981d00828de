// Durations in human units: shown as `10 min`, `1 h 30 min`, `7 d`, `permanent`; typed as
// `10m`, `1h`, `7d`, `1w`, `1h 30m` or plain seconds.

/** The largest number of seconds fail2ban's settings and the API's Int take. */
export const MAX_SECONDS = 2147483647;

/** What -1 means wherever a ban length is given. */
export const PERMANENT = -1;

const SHOWN: ReadonlyArray<readonly [string, number]> = [
  ['d', 86400],
  ['h', 3600],
  ['min', 60],
  ['s', 1],
];

/** A duration in seconds in its two largest units: `45 s`, `10 min`, `1 h 30 min`, `7 d`; any negative is `permanent`. */
export function formatDuration(seconds: number): string {
  if (seconds < 0) return 'permanent';
  let rest = Math.floor(seconds);
  if (rest === 0) return '0 s';
  const parts: string[] = [];
  for (const [unit, size] of SHOWN) {
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      parts.push(`${amount} ${unit}`);
      rest -= amount * size;
    } else if (parts.length > 0) {
      break;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
  week: 604800,
  weeks: 604800,
};

const PART = /(\d+)\s*([a-z]+)\s*/gy;

/**
 * The seconds written in `text`: plain seconds (`600`), one or more amounts with a unit
 * (`10m`, `1h 30m`, `7 d`, `1w`), or `-1` / `permanent`. Null when it is none of these or
 * exceeds MAX_SECONDS.
 */
export function parseDuration(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (value === '') return null;
  if (value === '-1' || value === 'permanent') return PERMANENT;
  if (/^\d+$/.test(value)) return checked(Number(value));
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < value.length) {
    const start = PART.lastIndex;
    const match = PART.exec(value);
    if (!match || match.index !== start) return null;
    const size = UNIT_SECONDS[match[2] ?? ''];
    if (size === undefined) return null;
    total += Number(match[1]) * size;
  }
  return checked(total);
}

function checked(seconds: number): number | null {
  return Number.isSafeInteger(seconds) && seconds <= MAX_SECONDS ? seconds : null;
}

const TYPED: ReadonlyArray<readonly [string, number]> = [
  ['w', 604800],
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
];

/** A duration as an editable text that parseDuration reads back: `10m`, `1h`, `7d`, `1w`, `90s`, `permanent`. */
export function durationInput(seconds: number): string {
  if (seconds < 0) return 'permanent';
  if (seconds === 0) return '0';
  const unit = TYPED.find(([, size]) => seconds % size === 0);
  return unit ? `${seconds / unit[1]}${unit[0]}` : `${seconds}s`;
}
