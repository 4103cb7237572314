import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/jobs/circuit-breaker.js';
import { REDIS_URL } from '../support/infra.js';

const prefix = `lth_t_${randomBytes(4).toString('hex')}`;
let redis: Redis;
let breaker: CircuitBreaker;
beforeAll(() => {
  redis = new Redis(REDIS_URL);
  breaker = new CircuitBreaker(redis, prefix, { threshold: 3, windowMs: 60_000, cooldownMs: 30_000 });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

/** The cooldown passing, without waiting for it. */
const cooldownOver = () => redis.set(`${prefix}:breaker:portal:open-until`, String(Date.now() - 1));

it('opens after repeated transient failures, lets one probe through after the cooldown, and closes on its success', async () => {
  expect(await breaker.admit('portal')).toBe(0);
  for (let i = 0; i < 2; i++) await breaker.failure('portal');
  expect((await breaker.status('portal')).state).toBe('CLOSED');
  await breaker.failure('portal');
  expect(await breaker.status('portal')).toMatchObject({ state: 'OPEN', failures: 3 });
  expect(await breaker.admit('portal')).toBeGreaterThan(25_000);

  await cooldownOver();
  expect((await breaker.status('portal')).state).toBe('HALF_OPEN');
  expect(await breaker.admit('portal')).toBe(0); // the probe
  expect(await breaker.admit('portal')).toBeGreaterThan(0); // everyone else waits
  await breaker.success('portal');
  expect(await breaker.status('portal')).toEqual({ upstream: 'portal', state: 'CLOSED', failures: 0, openUntil: null });
});

it('opens again at once when the probe fails', async () => {
  for (let i = 0; i < 3; i++) await breaker.failure('portal');
  await cooldownOver();
  expect(await breaker.admit('portal')).toBe(0);
  await breaker.success('portal'); // reset, then a failing probe:
  for (let i = 0; i < 3; i++) await breaker.failure('portal');
  await cooldownOver();
  expect(await breaker.admit('portal')).toBe(0);
  await breaker.failure('portal');
  expect((await breaker.status('portal')).state).toBe('OPEN');
});
