// Tests durations shown in human units and read from what people type.
import { describe, expect, it } from 'vitest';
import { durationInput, formatDuration, parseDuration } from './duration';

describe('formatDuration', () => {
  it('shows the two largest units', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(5400)).toBe('1 h 30 min');
    expect(formatDuration(604800)).toBe('7 d');
    expect(formatDuration(90061)).toBe('1 d 1 h');
    expect(formatDuration(0)).toBe('0 s');
  });

  it('drops a smaller unit that does not follow the largest', () => {
    expect(formatDuration(86401)).toBe('1 d');
    expect(formatDuration(3601)).toBe('1 h');
  });

  it('says permanent for -1', () => {
    expect(formatDuration(-1)).toBe('permanent');
  });
});

describe('parseDuration', () => {
  it('reads plain seconds and units', () => {
    expect(parseDuration('600')).toBe(600);
    expect(parseDuration(' 10m ')).toBe(600);
    expect(parseDuration('1h')).toBe(3600);
    expect(parseDuration('7d')).toBe(604800);
    expect(parseDuration('1w')).toBe(604800);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('1h 30m')).toBe(5400);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('10 min')).toBe(600);
    expect(parseDuration('2 Days')).toBe(172800);
  });

  it('reads permanent', () => {
    expect(parseDuration('-1')).toBe(-1);
    expect(parseDuration('permanent')).toBe(-1);
  });

  it('refuses anything else', () => {
    for (const text of ['', ' ', '1.5h', '10x', 'h', '-5', '10m foo', '1h,30m', '2147483648', '40000w']) {
      expect(parseDuration(text), text).toBeNull();
    }
  });
});

describe('durationInput', () => {
  it('writes the largest unit that divides the duration', () => {
    expect([600, 3600, 604800, 1209600, 86400, 90, 5400, -1, 0].map(durationInput)).toEqual([
      '10m',
      '1h',
      '1w',
      '2w',
      '1d',
      '90s',
      '90m',
      'permanent',
      '0',
    ]);
  });

  it('is read back as the same seconds', () => {
    for (const seconds of [1, 59, 60, 3599, 86400, 604800, 2147483647, -1]) {
      expect(parseDuration(durationInput(seconds))).toBe(seconds);
    }
  });
});
