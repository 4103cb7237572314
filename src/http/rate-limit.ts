/**
 * Fixed-window counters in Redis, shared by every API process. When Redis does not answer the
 * limiter refuses (SERVICE_UNAVAILABLE): it guards against guessing, so it fails closed.
 */
import type { Redis } from 'ioredis';
import { ForbiddenError, ServiceUnavailableError } from '../common/errors.js';

export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Refuse when `key` already has `limit` hits in its window (without counting one). */
  async assertBelow(key: string, limit: number): Promise<void> {
    const k = `${this.prefix}:ratelimit:${key}`;
    let count: number;
    try {
      count = Number((await this.redis.get(k)) ?? 0);
    } catch {
      throw new ServiceUnavailableError('The lookup service is unavailable; try again shortly');
    }
    if (count >= limit) await this.refuse(k);
  }

  /** Hits on `key` in its current window. */
  async peek(key: string): Promise<number> {
    try {
      return Number((await this.redis.get(`${this.prefix}:ratelimit:${key}`)) ?? 0);
    } catch {
      throw new ServiceUnavailableError('The lookup service is unavailable; try again shortly');
    }
  }

  private async refuse(k: string): Promise<never> {
    const ttl = await this.redis.ttl(k).catch(() => 60);
    throw new ForbiddenError(`Too many lookups: try again in ${Math.max(1, Math.ceil(ttl / 60))} minute(s)`);
  }

  /** Count one hit on `key`; refuse once `limit` hits fell in the current window. */
  async hit(key: string, limit: number, windowSeconds: number): Promise<void> {
    const k = `${this.prefix}:ratelimit:${key}`;
    let count: number;
    try {
      const [[, n]] = (await this.redis.multi().incr(k).expire(k, windowSeconds, 'NX').exec()) as [[null, number]];
      count = n;
    } catch {
      throw new ServiceUnavailableError('The lookup service is unavailable; try again shortly');
    }
    if (count > limit) await this.refuse(k);
  }
}
