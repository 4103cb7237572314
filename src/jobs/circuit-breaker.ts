/**
 * A circuit breaker per upstream, kept in Redis so that every worker process shares it and the
 * admin API can show it. After `threshold` transient failures within `windowMs` it opens for
 * `cooldownMs`: jobs for that upstream wait (delayed, without spending attempts) instead of
 * calling. Then one job probes: success closes it, failure opens it again.
 */
import type { Redis } from 'ioredis';

export interface BreakerOptions {
  threshold: number;
  windowMs: number;
  cooldownMs: number;
}

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface BreakerStatus {
  upstream: string;
  state: BreakerState;
  failures: number;
  openUntil: Date | null;
}

export const UPSTREAMS = ['portal', 'axis'] as const;
export type Upstream = (typeof UPSTREAMS)[number];

export class CircuitBreaker {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly opts: BreakerOptions,
  ) {}

  private key(upstream: string, part: string) {
    return `${this.prefix}:breaker:${upstream}:${part}`;
  }

  /** 0 when a call may go ahead now; otherwise how many ms to wait. */
  async admit(upstream: string): Promise<number> {
    const openUntil = Number((await this.redis.get(this.key(upstream, 'open-until'))) ?? 0);
    const now = Date.now();
    if (openUntil > now) return openUntil - now;
    if (openUntil === 0) return 0;
    // cooldown over: one probe at a time
    const probe = await this.redis.set(this.key(upstream, 'probe'), '1', 'PX', this.opts.cooldownMs, 'NX');
    return probe ? 0 : this.opts.cooldownMs;
  }

  async success(upstream: string): Promise<void> {
    await this.redis.del(this.key(upstream, 'failures'), this.key(upstream, 'open-until'), this.key(upstream, 'probe'));
  }

  async failure(upstream: string): Promise<void> {
    const k = this.key(upstream, 'failures');
    const [[, failures]] = (await this.redis.multi().incr(k).pexpire(k, this.opts.windowMs).exec()) as [[null, number]];
    const wasProbing = (await this.redis.del(this.key(upstream, 'probe'))) > 0;
    if (failures >= this.opts.threshold || wasProbing) {
      await this.redis.set(this.key(upstream, 'open-until'), String(Date.now() + this.opts.cooldownMs), 'PX', this.opts.cooldownMs * 10);
    }
  }

  async status(upstream: string): Promise<BreakerStatus> {
    const [failures, openUntil] = await this.redis.mget(this.key(upstream, 'failures'), this.key(upstream, 'open-until'));
    const until = Number(openUntil ?? 0);
    const state: BreakerState = until === 0 ? 'CLOSED' : until > Date.now() ? 'OPEN' : 'HALF_OPEN';
    return { upstream, state, failures: Number(failures ?? 0), openUntil: until ? new Date(until) : null };
  }
}
