/** Opaque cursors for keyset pagination: base64url of a JSON array of the sort key. */
import { BadUserInputError } from './errors.js';
import { isUuid } from './text.js';

function encodeCursor(key: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number, field = 'after'): Array<string | number> {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === length &&
      key.every((k) => typeof k === 'string' || typeof k === 'number')
    ) {
      return key;
    }
  } catch {
    // fall through to the error below
  }
  throw new BadUserInputError(`"${field}" is not a cursor returned by this list`, { field });
}

/** Checks `first` (or `last`) against the page-size bound: a clear error instead of a silent clamp. */
export function checkPageSize(first: number, max: number, field = 'first'): void {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new BadUserInputError(`"${field}" must be between 1 and ${max}`, { field, max });
  }
}

/** A list's paging arguments: forward (`first` items `after` a cursor) or backward (`last` items `before` one). */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * Which rows a page reads. Lists are in their own order (newest first); a forward page reads the
 * rows after `key` in that order, a backward one the rows before it, nearest first — either way
 * `take` (the size plus one, to know whether more lie beyond), and the repository returns them in
 * the list's order.
 */
export interface Window<K> {
  size: number;
  take: number;
  backward: boolean;
  key?: K;
}

/** The window of a list's paging arguments; `decode` reads a cursor (`field` names it in an error). */
export function windowOf<K>(
  args: PageArgs,
  max: number,
  decode: (cursor: string, field: string) => K,
  size = 20,
): Window<K> {
  const backward = args.last != null || args.before != null;
  if (backward && (args.first != null || args.after != null))
    throw new BadUserInputError('Page forward (first, after) or backward (last, before), not both', {
      field: args.first != null ? 'first' : 'after',
    });
  const n = (backward ? args.last : args.first) ?? size;
  checkPageSize(n, max, backward ? 'last' : 'first');
  const cursor = backward ? args.before : args.after;
  return {
    size: n,
    take: n + 1,
    backward,
    ...(cursor ? { key: decode(cursor, backward ? 'before' : 'after') } : {}),
  };
}

/** A page of a window's rows (in the list's order, as the repository returns them). */
export function pageOf<T>(
  rows: T[],
  w: Window<unknown>,
  totalCount: Count,
  keyOf: (row: T) => Array<string | number>,
): Page<T> {
  const more = rows.length > w.size;
  // backward, the extra row is the farthest from the cursor: the first in the list's order
  const nodes = w.backward ? rows.slice(more ? rows.length - w.size : 0) : rows.slice(0, w.size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: w.backward ? w.key !== undefined : more,
      hasPreviousPage: w.backward ? more : w.key !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

/**
 * A list's `totalCount`: a number, or a count that runs only when awaited. GraphQL awaits it only
 * when the query selects `totalCount`, so a page asked without it costs no `count(*)`.
 */
export type Count = number | PromiseLike<number>;

/** A count run at most once, and only if someone awaits it. */
export function lazyCount(count: () => Promise<number>): PromiseLike<number> {
  let started: Promise<number> | undefined;
  return { then: (onFulfilled, onRejected) => (started ??= count()).then(onFulfilled, onRejected) };
}

export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: Count;
}

/** Builds a page from `first + 1` fetched rows. */
export function toPage<T>(
  rows: T[],
  first: number,
  totalCount: Count,
  keyOf: (row: T) => Array<string | number>,
): Page<T> {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      // Paging is forward only (first/after): Relay lets hasPreviousPage be false then.
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

/** A newest-first keyset cursor over (createdAt, id). */
export function decodeTimeCursor(
  cursor: string | null | undefined,
  field = 'after',
): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = decodeCursor(cursor, 2, field);
  return { createdAt: cursorTime(at, field), id: cursorId(id, field) };
}

/** The window of a newest-first list over (createdAt, id). */
export const timeWindow = (args: PageArgs, max: number) =>
  windowOf(args, max, (cursor, field) => decodeTimeCursor(cursor, field)!);

/** Rows past a window's cursor over (createdAt, id), as a Prisma `where` fragment (none without one). */
export const pastCursor = (w: Window<{ createdAt: Date; id: string }>) =>
  w.backward ? newerThan(w.key) : olderThan(w.key);

/** A window's read order over (createdAt, id): newest first, or nearest the cursor first going backward. */
export const windowOrder = (w: Window<unknown>) => (w.backward ? oldestFirst() : newestFirst());

/** Rows after a newest-first cursor over (createdAt, id), as a Prisma `where` fragment (none without one). */
export const olderThan = (after?: { createdAt: Date; id: string }) =>
  after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {};

/** Rows before a newest-first cursor over (createdAt, id) in the list's order: the newer ones. */
const newerThan = (before?: { createdAt: Date; id: string }) =>
  before
    ? { OR: [{ createdAt: { gt: before.createdAt } }, { createdAt: before.createdAt, id: { gt: before.id } }] }
    : {};

/** The newest-first order of those lists (an index on (…, created_at, id) serves it). */
export const newestFirst = () => [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
const oldestFirst = () => [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

export const timeCursorKey = (r: { createdAt: Date; id: string }) => [r.createdAt.toISOString(), r.id];

/** A cursor's time: a date the database holds (a forged year is a bad cursor, not a 500). */
export function cursorTime(value: unknown, field: string): Date {
  const t = new Date(String(value));
  const year = t.getUTCFullYear();
  if (Number.isNaN(t.getTime()) || year < 1900 || year > 9999)
    throw new BadUserInputError(`"${field}" is not a cursor returned by this list`, { field });
  return t;
}

/** A cursor's row id: a UUID. */
export function cursorId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isUuid(value))
    throw new BadUserInputError(`"${field}" is not a cursor returned by this list`, { field });
  return value;
}
