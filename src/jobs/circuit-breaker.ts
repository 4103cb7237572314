/**
 * A circuit breaker per upstream, kept in Redis so that every worker process shares it and the
 * admin API can show it. It counts transient failures and successes over a sliding window
 * (`windowMs`, in six buckets): once at least `threshold` calls failed in the window and they are
 * at least `failureRate` of the calls, it opens for `cooldownMs`. Jobs for that upstream then wait
 * (delayed, without spending attempts). After the cooldown one job probes: its success closes the
 * breaker, its failure opens it again. A success while it is open (a call that started before)
 * does not close it.
 */
import type { Redis } from 'ioredis';

export interface BreakerOptions {
  /** failures in the window before the rate is even considered */
  threshold: number;
  /** share of failed calls in the window that opens it (0..1) */
  failureRate: number;
  windowMs: number;
  cooldownMs: number;
}

type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface BreakerStatus {
  upstream: string;
  state: BreakerState;
  /** failures in the current window */
  failures: number;
  /** calls (failures and successes) in the current window */
  calls: number;
  openUntil: Date | null;
  /** how many times it opened (kept as long as Redis keeps it) */
  opened: number;
  lastOpenedAt: Date | null;
}

export const UPSTREAMS = ['portal', 'axis', 'payment-platform', 'paygov'] as const;

const BUCKETS = 6;

export class CircuitBreaker {
  private readonly bucketMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly opts: BreakerOptions,
  ) {
    this.bucketMs = Math.max(1, Math.ceil(opts.windowMs / BUCKETS));
  }

  private key(upstream: string, part: string) {
    return `${this.prefix}:breaker:${upstream}:${part}`;
  }

  private buckets(upstream: string, kind: 'f' | 's'): string[] {
    const now = Math.floor(Date.now() / this.bucketMs);
    return Array.from({ length: BUCKETS }, (_, i) => this.key(upstream, `${kind}:${now - i}`));
  }

  private async count(upstream: string, kind: 'f' | 's'): Promise<void> {
    const k = this.buckets(upstream, kind)[0]!;
    await this.redis
      .multi()
      .incr(k)
      .pexpire(k, this.opts.windowMs + this.bucketMs)
      .exec();
  }

  private async window(upstream: string): Promise<{ failures: number; calls: number }> {
    const values = await this.redis.mget(...this.buckets(upstream, 'f'), ...this.buckets(upstream, 's'));
    const n = values.map((v) => Number(v ?? 0));
    const failures = n.slice(0, BUCKETS).reduce((a, b) => a + b, 0);
    return { failures, calls: failures + n.slice(BUCKETS).reduce((a, b) => a + b, 0) };
  }

  private async open(upstream: string): Promise<true> {
    const now = Date.now();
    await this.redis
      .multi()
      .set(this.key(upstream, 'open-until'), String(now + this.opts.cooldownMs), 'PX', this.opts.cooldownMs * 10)
      .del(this.key(upstream, 'probe'))
      .incr(this.key(upstream, 'opened'))
      .set(this.key(upstream, 'opened-at'), String(now))
      .exec();
    return true;
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
    const openUntil = Number((await this.redis.get(this.key(upstream, 'open-until'))) ?? 0);
    if (openUntil === 0) return void (await this.count(upstream, 's'));
    if (openUntil > Date.now()) return; // a call that started before it opened
    // the probe succeeded: closed, with a fresh window
    await this.redis.del(
      this.key(upstream, 'open-until'),
      this.key(upstream, 'probe'),
      ...this.buckets(upstream, 'f'),
      ...this.buckets(upstream, 's'),
    );
  }

  /** Count a transient failure; true when it opened the breaker. */
  async failure(upstream: string): Promise<boolean> {
    const openUntil = Number((await this.redis.get(this.key(upstream, 'open-until'))) ?? 0);
    if (openUntil > Date.now()) return false; // already open
    if (openUntil !== 0) return this.open(upstream); // the probe failed
    await this.count(upstream, 'f');
    const { failures, calls } = await this.window(upstream);
    return failures >= this.opts.threshold && failures / calls >= this.opts.failureRate ? this.open(upstream) : false;
  }

  async status(upstream: string): Promise<BreakerStatus> {
    const [until, opened, openedAt] = (
      await this.redis.mget(
        this.key(upstream, 'open-until'),
        this.key(upstream, 'opened'),
        this.key(upstream, 'opened-at'),
      )
    ).map((v) => Number(v ?? 0)) as [number, number, number];
    const { failures, calls } = await this.window(upstream);
    const state: BreakerState = until === 0 ? 'CLOSED' : until > Date.now() ? 'OPEN' : 'HALF_OPEN';
    return {
      upstream,
      state,
      failures,
      calls,
      openUntil: until ? new Date(until) : null,
      opened,
      lastOpenedAt: openedAt ? new Date(openedAt) : null,
    };
  }
}
