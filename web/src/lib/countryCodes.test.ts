// Tests of the alpha-2 to ISO numeric mapping used to find world-atlas features.
import { describe, expect, it } from 'vitest';
import atlas from 'world-atlas/countries-110m.json';
import { KNOWN_COUNTRY_COUNT, alpha2ToNumeric, countryKey, featureKey } from './countryCodes';

describe('alpha2ToNumeric', () => {
  it('maps well-known codes', () => {
    expect(alpha2ToNumeric('DE')).toBe('276');
    expect(alpha2ToNumeric('US')).toBe('840');
    expect(alpha2ToNumeric('CN')).toBe('156');
    expect(alpha2ToNumeric('RU')).toBe('643');
    expect(alpha2ToNumeric('GB')).toBe('826');
  });
  it('keeps leading zeros as world-atlas does', () => {
    expect(alpha2ToNumeric('AF')).toBe('004');
    expect(alpha2ToNumeric('BR')).toBe('076');
  });
  it('ignores case and surrounding space', () => {
    expect(alpha2ToNumeric(' nl ')).toBe('528');
  });
  it('returns undefined for unknown codes', () => {
    expect(alpha2ToNumeric('XX')).toBeUndefined();
    expect(alpha2ToNumeric('XK')).toBeUndefined();
  });
  it('knows every officially assigned code', () => {
    expect(KNOWN_COUNTRY_COUNT).toBe(249);
  });
  it('covers every numbered country of the bundled atlas', () => {
    const topology = atlas as unknown as { objects: { countries: { geometries: { id?: string }[] } } };
    const ids = topology.objects.countries.geometries.map((g) => g.id).filter((id): id is string => typeof id === 'string');
    const known = new Set(allNumerics());
    expect(ids.length).toBe(174);
    expect(ids.filter((id) => !known.has(id))).toEqual([]);
  });
});

/** Every numeric code in the table, found by trying each two-letter code. */
function allNumerics(): string[] {
  const found: string[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const numeric = alpha2ToNumeric(String.fromCharCode(a, b));
      if (numeric) found.push(numeric);
    }
  }
  return found;
}

describe('featureKey and countryKey', () => {
  it('pads numeric ids', () => {
    expect(featureKey(4, 'Afghanistan')).toBe('004');
    expect(featureKey('276', 'Germany')).toBe('276');
  });
  it('maps atlas features without an id by name', () => {
    expect(featureKey(undefined, 'Kosovo')).toBe('alpha2:XK');
    expect(featureKey(undefined, 'N. Cyprus')).toBe('196');
    expect(featureKey(undefined, 'Somaliland')).toBe('706');
    expect(featureKey(undefined, 'Atlantis')).toBeUndefined();
  });
  it('gives countries the same key as their features', () => {
    expect(countryKey('de')).toBe(featureKey('276', 'Germany'));
    expect(countryKey('XK')).toBe(featureKey(undefined, 'Kosovo'));
  });
});
