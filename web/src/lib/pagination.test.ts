// Tests of the cursor pagination state.
import { describe, expect, it } from 'vitest';
import { firstPage, isFirstPage, nextAfterId, nextPage, previousPage } from './pagination';

const middle = { hasNextPage: true, hasPreviousPage: true, startCursor: 'c51', endCursor: 'c100' };

describe('cursor pagination', () => {
  it('starts with first/after', () => {
    expect(firstPage(50)).toEqual({ first: 50, after: null, last: null, before: null });
    expect(isFirstPage(firstPage(50))).toBe(true);
  });
  it('pages forward from the end cursor', () => {
    expect(nextPage(50, middle)).toEqual({ first: 50, after: 'c100', last: null, before: null });
  });
  it('pages backward from the start cursor with last/before', () => {
    expect(previousPage(50, middle)).toEqual({ first: null, after: null, last: 50, before: 'c51' });
    expect(isFirstPage(previousPage(50, middle)!)).toBe(false);
  });
  it('has no next page at the end of the list', () => {
    expect(nextPage(50, { ...middle, hasNextPage: false })).toBeNull();
    expect(nextPage(50, { ...middle, endCursor: null })).toBeNull();
  });
  it('has no previous page at the start of the list', () => {
    expect(previousPage(50, { ...middle, hasPreviousPage: false })).toBeNull();
    expect(previousPage(50, { ...middle, startCursor: null })).toBeNull();
  });
});

describe('id-based "load more"', () => {
  const ids = (...list: string[]) => list.map((id) => ({ id }));
  it('continues after the last id of a full call', () => {
    expect(nextAfterId(ids('30', '29', '28'), 3)).toBe('28');
  });
  it('stops after a short call', () => {
    expect(nextAfterId(ids('2', '1'), 3)).toBeNull();
    expect(nextAfterId([], 3)).toBeNull();
  });
});
