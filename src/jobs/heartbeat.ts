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
      .catch(() => undefined); // Redis away: the beat is missed, and that is what it should say
  void beat();
  const timer = setInterval(() => void beat(), everyMs);
  timer.unref();
  return {
    id,
    stop: async () => {
      clearInterval(timer);
      await connection.del(keyOf(prefix, id)).catch(() => undefined);
    },
  };
}

/** The worker processes alive now (their last beat within three beats), oldest first. */
export async function liveWorkers(connection: Redis, prefix: string): Promise<WorkerBeat[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await connection.scan(cursor, 'MATCH', keyOf(prefix, '*'), 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  if (!keys.length) return [];
  const beats = (await connection.mget(...keys)).flatMap((v) => (v ? [JSON.parse(v) as WorkerBeat] : []));
  return beats.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
