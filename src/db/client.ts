/** The Prisma client over node-postgres. Only repositories (and db/ tooling) import this module. */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { isTransientDbError } from './transient.js';

export { Prisma, PrismaClient };

/** A Prisma client or the client of an open transaction: what repositories take. */
export type Db = PrismaClient | Prisma.TransactionClient;

export interface DbOptions {
  /** Called for every SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
  /** Pool size (default 10). */
  max?: number;
}

export function createPrisma(databaseUrl: string, options: DbOptions = {}): PrismaClient {
  // Our own pool, so that every connection always has an 'error' listener: a connection the server
  // terminates while it is checked out between two statements (a failover, an administrator)
  // otherwise raises an uncaught exception that ends the process. The statement running on it
  // still fails (and is retried or answered SERVICE_UNAVAILABLE); pg-pool drops the connection.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10 });
  pool.on('connect', (connection) => connection.on('error', () => undefined));
  pool.on('error', () => undefined); // an idle connection lost: the pool replaces it
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PrismaClient({
    adapter,
    log: options.onQuery ? [{ emit: 'event', level: 'query' }] : [],
  });
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (client as unknown as { $on(e: 'query', cb: (ev: { query: string }) => void): void }).$on('query', (e) =>
      onQuery(e.query),
    );
  }
  // a read that lost its connection (terminated, reset) is tried once more on a fresh one;
  // writes are not: whether they applied is unknown, the caller's transaction or job decides
  const extended = client.$extends({
    query: {
      $allModels: {
        async $allOperations({ operation, args, query }) {
          try {
            return await query(args);
          } catch (err) {
            if (!READS.has(operation) || !isTransientDbError(err)) throw err;
            return query(args);
          }
        },
      },
    },
  }) as unknown as PrismaClient;
  // statements that must commit on their own, from inside a transaction: a pool of their own, so
  // that a transaction waiting for one never waits for a connection its own pool may not have
  const side = new pg.Pool({
    connectionString: databaseUrl,
    max: 2,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 5_000,
    allowExitOnIdle: true,
  });
  side.on('connect', (connection) => connection.on('error', () => undefined));
  side.on('error', () => undefined);
  AUTONOMOUS.set(extended, side);
  return extended;
}

const AUTONOMOUS = new WeakMap<PrismaClient, pg.Pool>();

/**
 * Run one statement that commits on its own at once, whatever transaction the caller is in (a
 * number drawn from a sequence: its row lock lasts one statement, not the caller's transaction).
 */
export async function autonomous<T extends pg.QueryResultRow>(
  prisma: PrismaClient,
  sql: string,
  values: unknown[],
): Promise<T[]> {
  const pool = AUTONOMOUS.get(prisma);
  if (!pool) throw new Error('autonomous statements need the client createPrisma made');
  return (await pool.query<T>(sql, values)).rows;
}

const READS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
]);

/** Readiness check: one round trip to PostgreSQL. */
export async function pingDatabase(db: PrismaClient): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
