/** Redis connections. Producers fail fast (a request must not hang on Redis); workers wait. */
import { Redis } from 'ioredis';

export function producerRedis(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    lazyConnect: false,
  });
}

export function workerRedis(url: string): Redis {
  // BullMQ workers need maxRetriesPerRequest: null to block and to ride out Redis restarts.
  return new Redis(url, { maxRetriesPerRequest: null });
}
