// Chooses the map colour of a country from its ban count (logarithmic steps).

/** Light to dark; index 0 is for the fewest bans. */
export const MAP_PALETTE = ['#fde0c5', '#facba6', '#f59e72', '#ee6c4d', '#d43d51', '#9e1b42'] as const;

/**
 * The palette step of `count` when the largest count is `max`, or -1 for no bans.
 * Steps are spread on a log scale, so a few busy countries do not wash out the rest.
 */
export function colorStep(count: number, max: number, steps: number = MAP_PALETTE.length): number {
  if (!(count > 0) || !(max > 0)) return -1;
  if (max <= 1 || count >= max) return steps - 1;
  const ratio = Math.log(count) / Math.log(max);
  return Math.min(steps - 1, Math.floor(ratio * steps));
}

/** The fill colour for `count`, or null when the country has no bans. */
export function colorFor(count: number, max: number): string | null {
  const step = colorStep(count, max);
  return step < 0 ? null : (MAP_PALETTE[step] ?? null);
}
