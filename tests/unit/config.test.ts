import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config/config.js';

describe('configuration', () => {
  it('runs on defaults in development', () => {
    const c = loadConfig({});
    expect(c.http.port).toBe(4000);
    expect(c.graphql.introspection).toBe(true);
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reports every bad variable in one error', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', GRAPHQL_MAX_DEPTH: '0', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const v of ['PORT', 'DATABASE_URL', 'JWT_SECRET', 'GRAPHQL_MAX_DEPTH', 'LOG_LEVEL']) expect(problems).toContain(v);
    }
  });

  it('requires real infrastructure and a signing key in production, and turns introspection off', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL.*REDIS_URL.*PAYMENT_SECRET_KEY.*WEBHOOK_SIGNING_KEY.*JWT_SECRET/s);
    const c = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://h/db', REDIS_URL: 'redis://h:6379', JWT_SECRET: 'x'.repeat(32), WEBHOOK_SIGNING_KEY: 'y'.repeat(32), PAYMENT_SECRET_KEY: 'z'.repeat(32) });
    expect(c.graphql.introspection).toBe(false);
    expect(c.graphql.landingPage).toBe(false);
    // PayGov is off in production until it is configured, and then needs both keys
    expect(c.paygov.url).toBeUndefined();
    const prod = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://h/db', REDIS_URL: 'redis://h:6379', JWT_SECRET: 'x'.repeat(32), WEBHOOK_SIGNING_KEY: 'y'.repeat(32), PAYMENT_SECRET_KEY: 'z'.repeat(32) };
    expect(() => loadConfig({ ...prod, PAYGOV_URL: 'https://paygov.example.vn' })).toThrow(/PAYGOV_ACCESS_KEY.*PAYGOV_SECRET_KEY/s);
    expect(loadConfig({ ...prod, PAYGOV_URL: 'https://paygov.example.vn', PAYGOV_ACCESS_KEY: 'a'.repeat(16), PAYGOV_SECRET_KEY: 's'.repeat(32) }).paygov.url).toBe('https://paygov.example.vn');
  });

  it('lists every variable it reads in .env.example', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const listed = new Set([...example.matchAll(/^#?\s*([A-Z_]+)=/gm)].map((m) => m[1]));
    expect(CONFIG_VARIABLES.filter((v) => !listed.has(v))).toEqual([]);
  });
});
