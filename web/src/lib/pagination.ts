// Cursor pagination state for a Relay-style connection (first/after forward, last/before backward).

export interface PageRequest {
  first: number | null;
  after: string | null;
  last: number | null;
  before: string | null;
}

export interface PageInfoLike {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor?: string | null;
  endCursor?: string | null;
}

/** The request for the first page. */
export function firstPage(size: number): PageRequest {
  return { first: size, after: null, last: null, before: null };
}

/** The request for the page after the one described by `info`, or null when there is none. */
export function nextPage(size: number, info: PageInfoLike): PageRequest | null {
  if (!info.hasNextPage || !info.endCursor) return null;
  return { first: size, after: info.endCursor, last: null, before: null };
}

/** The request for the page before the one described by `info`, or null when there is none. */
export function previousPage(size: number, info: PageInfoLike): PageRequest | null {
  if (!info.hasPreviousPage || !info.startCursor) return null;
  return { first: null, after: null, last: size, before: info.startCursor };
}

/** Whether `request` asks for the first page. */
export function isFirstPage(request: PageRequest): boolean {
  return request.after === null && request.before === null;
}

/**
 * The `after` for the next call of a list read newest first by id (like `auditLog`), or
 * null when `items` is shorter than the size asked for and so ends the list.
 */
export function nextAfterId(items: ReadonlyArray<{ id: string }>, size: number): string | null {
  if (items.length < size) return null;
  return items.at(-1)?.id ?? null;
}
