// Joins the API's bans-per-country rows to world-atlas feature keys.
import { countryKey } from './countryCodes';

export interface CountryRow {
  country: { code: string; name?: string | null };
  count: number;
  uniqueIps: number;
}

export interface CountryStat {
  code: string;
  name: string;
  count: number;
  uniqueIps: number;
}

/** The rows keyed like `featureKey`, summed when several codes share a key, and the largest count. */
export function countryStats(rows: readonly CountryRow[]): { byKey: Map<string, CountryStat>; max: number } {
  const byKey = new Map<string, CountryStat>();
  let max = 0;
  for (const row of rows) {
    const code = row.country.code.toUpperCase();
    const key = countryKey(code);
    const previous = byKey.get(key);
    const stat: CountryStat = previous
      ? { ...previous, count: previous.count + row.count, uniqueIps: previous.uniqueIps + row.uniqueIps }
      : { code, name: row.country.name ?? code, count: row.count, uniqueIps: row.uniqueIps };
    byKey.set(key, stat);
    max = Math.max(max, stat.count);
  }
  return { byKey, max };
}
