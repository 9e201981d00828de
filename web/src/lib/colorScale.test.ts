// Tests of the world map's colour scale.
import { describe, expect, it } from 'vitest';
import { MAP_PALETTE, colorFor, colorStep } from './colorScale';

describe('colorStep', () => {
  it('is -1 without bans', () => {
    expect(colorStep(0, 100)).toBe(-1);
    expect(colorStep(5, 0)).toBe(-1);
    expect(colorStep(Number.NaN, 10)).toBe(-1);
  });
  it('puts the largest count on the darkest step', () => {
    expect(colorStep(100, 100)).toBe(5);
    expect(colorStep(1, 1)).toBe(5);
  });
  it('spreads counts on a log scale', () => {
    expect(colorStep(1, 1000)).toBe(0);
    expect(colorStep(3, 1000)).toBe(0);
    expect(colorStep(4, 1000)).toBe(1);
    expect(colorStep(10, 1000)).toBe(2);
    expect(colorStep(31, 1000)).toBe(2);
    expect(colorStep(32, 1000)).toBe(3);
    expect(colorStep(100, 1000)).toBe(4);
    expect(colorStep(999, 1000)).toBe(5);
  });
});

describe('colorFor', () => {
  it('returns null for no bans and a palette colour otherwise', () => {
    expect(colorFor(0, 10)).toBeNull();
    expect(colorFor(1, 1000)).toBe('#fde0c5');
    expect(colorFor(1000, 1000)).toBe('#9e1b42');
    expect(MAP_PALETTE).toHaveLength(6);
  });
});
