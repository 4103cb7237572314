/** Opaque cursors for keyset pagination: base64url of a JSON array of the sort key. */
import { BadUserInputError } from './errors.js';

function encodeCursor(key: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): Array<string | number> {
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
  throw new BadUserInputError('"after" is not a cursor returned by this list', { field: 'after' });
}

/** Checks `first` against the page-size bound: a clear error instead of a silent clamp. */
export function checkPageSize(first: number, max: number): void {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new BadUserInputError(`"first" must be between 1 and ${max}`, { field: 'first', max });
  }
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
export function decodeTimeCursor(cursor: string | null | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = decodeCursor(cursor, 2);
  const createdAt = new Date(String(at));
  if (Number.isNaN(createdAt.getTime()) || typeof id !== 'string') {
    throw new BadUserInputError('"after" is not a cursor returned by this list', { field: 'after' });
  }
  return { createdAt, id };
}

/** Rows after a newest-first cursor over (createdAt, id), as a Prisma `where` fragment (none without one). */
export const olderThan = (after?: { createdAt: Date; id: string }) =>
  after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {};

/** The newest-first order of those lists (an index on (…, created_at, id) serves it). */
export const newestFirst = () => [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

export const timeCursorKey = (r: { createdAt: Date; id: string }) => [r.createdAt.toISOString(), r.id];
