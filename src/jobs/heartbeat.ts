/**
 * Worker liveness: each worker process writes a heartbeat into Redis every WORKER_HEARTBEAT_MS,
 * with a time to live of three beats. A process that stops (killed, frozen, cut off from Redis)
 * disappears from the list within three beats; one that stops cleanly removes itself at once.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { HUB_VERSION } from '../common/version.js';

export interface WorkerBeat {
  id: string;
  host: string;
  pid: number;
  version: string;
  startedAt: string;
  lastBeat: string;
  /** jobs run at once, per queue */
  concurrency: Record<string, number>;
}

const keyOf = (prefix: string, id: string) => `${prefix}:workers:${id}`;
/** Every process that beat, by its last beat (read without scanning the keyspace; the keys' TTL says who is alive). */
const indexOf = (prefix: string) => `${prefix}:workers`;

/** Starts beating; `stop` removes this process from the list. */
export function startHeartbeat(
  connection: Redis,
  prefix: string,
  everyMs: number,
  concurrency: Record<string, number>,
): { id: string; stop(): Promise<void> } {
  const id = `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const startedAt = new Date().toISOString();
  const beat = () =>
    connection
      .multi()
      .set(
        keyOf(prefix, id),
        JSON.stringify({
          id,
          host: os.hostname(),
          pid: process.pid,
          version: HUB_VERSION,
          startedAt,
          lastBeat: new Date().toISOString(),
          concurrency,
        } satisfies WorkerBeat),
        'PX',
        everyMs * 3,
      )
      .zadd(indexOf(prefix), Date.now(), id)
      .exec()
      .catch(() => undefined); // Redis away: the beat is missed, and that is what it should say
  void beat();
  const timer = setInterval(() => void beat(), everyMs);
  timer.unref();
  return {
    id,
    stop: async () => {
      clearInterval(timer);
      await connection
        .multi()
        .del(keyOf(prefix, id))
        .zrem(indexOf(prefix), id)
        .exec()
        .catch(() => undefined);
    },
  };
}

/** The worker processes alive now (their last beat within three beats), oldest first. */
export async function liveWorkers(connection: Redis, prefix: string): Promise<WorkerBeat[]> {
  const ids = await connection.zrange(indexOf(prefix), 0, 999);
  if (!ids.length) return [];
  const values = await connection.mget(...ids.map((id) => keyOf(prefix, id)));
  // a process whose beat expired is gone: out of the index too
  const gone = ids.filter((_, i) => !values[i]);
  if (gone.length) await connection.zrem(indexOf(prefix), ...gone);
  const beats = values.flatMap((v) => (v ? [JSON.parse(v) as WorkerBeat] : []));
  return beats.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
