// Places the ban-trend points as bars on a time axis.

export interface TrendPointLike {
  start: string;
  count: number;
}

export interface TrendBar {
  x: number;
  width: number;
  height: number;
  start: string;
  count: number;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The bucket length the server picks for AUTO: hours up to three days, days beyond. */
export function autoBucketMs(sinceMs: number, untilMs: number): number {
  return untilMs - sinceMs <= 3 * DAY ? HOUR : DAY;
}

/** Bars for the points between `sinceMs` and `untilMs` in a `width` × `height` box (y grows downwards). */
export function trendBars(
  points: readonly TrendPointLike[],
  sinceMs: number,
  untilMs: number,
  width: number,
  height: number,
): { bars: TrendBar[]; max: number } {
  const span = Math.max(1, untilMs - sinceMs);
  const bucket = autoBucketMs(sinceMs, untilMs);
  const barWidth = Math.max(1, (bucket / span) * width - 1);
  const max = points.reduce((m, p) => Math.max(m, p.count), 0);
  const bars = points.map((p) => {
    const t = new Date(p.start).getTime();
    const x = Math.min(width - barWidth, Math.max(0, ((t - sinceMs) / span) * width));
    return { x, width: barWidth, height: max > 0 ? (p.count / max) * height : 0, start: p.start, count: p.count };
  });
  return { bars, max };
}
