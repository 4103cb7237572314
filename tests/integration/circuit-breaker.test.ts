/** The breaker as documented: a failure rate over a sliding window, half-open probes, and successes that cannot close it while open. */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/jobs/circuit-breaker.js';
import { REDIS_URL } from '../support/infra.js';

let prefix = '';
/** every prefix this file used: only their keys are removed (other files share this Redis) */
const used: string[] = [];
let redis: Redis;
let breaker: CircuitBreaker;
beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
beforeEach(() => {
  prefix = `lth_t_${randomBytes(4).toString('hex')}`;
  used.push(prefix);
  breaker = new CircuitBreaker(redis, prefix, { threshold: 3, failureRate: 0.5, windowMs: 60_000, cooldownMs: 30_000 });
});
afterAll(async () => {
  for (const p of used) {
    const keys = await redis.keys(`${p}:breaker:*`);
    if (keys.length) await redis.del(...keys);
  }
  redis.disconnect();
});

/** The cooldown passing, without waiting for it. */
const cooldownOver = () => redis.set(`${prefix}:breaker:portal:open-until`, String(Date.now() - 1));

it('opens at a 50 % failure rate, which consecutive-failure counting never would', async () => {
  // success, failure, success, failure…: never two failures in a row
  for (let i = 0; i < 3; i++) {
    await breaker.success('portal');
    expect((await breaker.status('portal')).state).toBe('CLOSED');
    await breaker.failure('portal');
  }
  expect(await breaker.status('portal')).toMatchObject({ state: 'OPEN', failures: 3, calls: 6 });
  // open for the cooldown (30 s): whatever the machine's speed, well above zero
  expect(await breaker.admit('portal')).toBeGreaterThan(10_000);
});

it('stays closed below the rate or below the minimum of failures', async () => {
  for (let i = 0; i < 10; i++) await breaker.success('portal');
  for (let i = 0; i < 4; i++) await breaker.failure('portal'); // 4 of 14: under 50 %
  expect((await breaker.status('portal')).state).toBe('CLOSED');
  const other = new CircuitBreaker(redis, prefix, {
    threshold: 5,
    failureRate: 0.5,
    windowMs: 60_000,
    cooldownMs: 30_000,
  });
  for (let i = 0; i < 4; i++) await other.failure('axis'); // 100 %, but 4 < 5
  expect((await other.status('axis')).state).toBe('CLOSED');
});

it('lets one probe through after the cooldown; a success of a call from before does not close it', async () => {
  for (let i = 0; i < 3; i++) await breaker.failure('portal');
  expect((await breaker.status('portal')).state).toBe('OPEN');
  await breaker.success('portal'); // an in-flight call answering late
  expect((await breaker.status('portal')).state).toBe('OPEN');

  await cooldownOver();
  expect((await breaker.status('portal')).state).toBe('HALF_OPEN');
  expect(await breaker.admit('portal')).toBe(0); // the probe
  expect(await breaker.admit('portal')).toBeGreaterThan(0); // everyone else waits
  await breaker.success('portal');
  expect(await breaker.status('portal')).toEqual({
    upstream: 'portal',
    state: 'CLOSED',
    failures: 0,
    calls: 0,
    openUntil: null,
    opened: 1,
    lastOpenedAt: expect.any(Date),
  });
});

it('opens again at once when the probe fails', async () => {
  for (let i = 0; i < 3; i++) await breaker.failure('portal');
  await cooldownOver();
  expect(await breaker.admit('portal')).toBe(0);
  await breaker.failure('portal');
  expect((await breaker.status('portal')).state).toBe('OPEN');
});
