import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config/config.js';

describe('configuration', () => {
  it('runs on defaults in development, and is production (naming every missing secret) when NODE_ENV is unset', () => {
    expect(() => loadConfig({})).toThrow(/PAYMENT_SECRET_KEY.*AUDIT_KEY.*WEBHOOK_SIGNING_KEY.*JWT_SECRET/s);
    const c = loadConfig({ NODE_ENV: 'development' });
    expect(c.http.port).toBe(4000);
    expect(c.graphql.introspection).toBe(true);
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reports every bad variable in one error', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        JWT_SECRET: 'short',
        GRAPHQL_MAX_DEPTH: '0',
        LOG_LEVEL: 'loud',
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const v of ['PORT', 'DATABASE_URL', 'JWT_SECRET', 'GRAPHQL_MAX_DEPTH', 'LOG_LEVEL'])
        expect(problems).toContain(v);
    }
  });

  it('requires real infrastructure and a signing key in production, and turns introspection off', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /DATABASE_URL.*REDIS_URL.*PAYMENT_SECRET_KEY.*EDXML_SIGNING_KEY_FILE.*PUBLIC_URL.*AUDIT_KEY.*WEBHOOK_SIGNING_KEY.*JWT_SECRET/s,
    );
    const base = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://h/db',
      REDIS_URL: 'redis://h:6379',
      JWT_SECRET: 'x'.repeat(32),
      WEBHOOK_SIGNING_KEY: 'y'.repeat(32),
      PAYMENT_SECRET_KEY: 'z'.repeat(32),
      AUDIT_KEY: 'a'.repeat(32),
      EDXML_SIGNING_KEY_FILE: '/etc/lth/key.pem',
      EDXML_SIGNING_CERT_FILE: '/etc/lth/cert.pem',
      PUBLIC_URL: 'https://hub.example.vn',
    };
    const c = loadConfig(base);
    expect(c.graphql.introspection).toBe(false);
    expect(c.graphql.landingPage).toBe(false);
    // PayGov is off in production until it is configured, and then needs both keys
    expect(c.paygov.url).toBeUndefined();
    const prod = base;
    expect(() => loadConfig({ ...prod, PAYGOV_URL: 'https://paygov.example.vn' })).toThrow(
      /PAYGOV_ACCESS_KEY.*PAYGOV_SECRET_KEY/s,
    );
    expect(
      loadConfig({
        ...prod,
        PAYGOV_URL: 'https://paygov.example.vn',
        PAYGOV_ACCESS_KEY: 'a'.repeat(16),
        PAYGOV_SECRET_KEY: 's'.repeat(32),
      }).paygov.url,
    ).toBe('https://paygov.example.vn');
    // meetings: no SMS, mail or room provider until configured, and then with its secret
    expect(c.meetings.sms.url).toBeUndefined();
    expect(c.meetings.rooms.secret).toBe('');
    for (const [set, needs] of [
      [{ SMS_URL: 'https://rest.esms.vn' }, /SMS_API_KEY.*SMS_SECRET_KEY/s],
      [{ SMTP_URL: 'smtps://mail.example.vn' }, /MAIL_FROM/],
      [{ JITSI_URL: 'https://hop.example.vn' }, /JITSI_APP_SECRET/],
    ] as const)
      expect(() => loadConfig({ ...prod, ...set })).toThrow(needs);
    expect(
      loadConfig({ ...prod, JITSI_URL: 'https://hop.example.vn', JITSI_APP_SECRET: 'j'.repeat(32) }).meetings.rooms
        .secret,
    ).toBe('j'.repeat(32));
  });

  it("never defaults the national systems' secrets in production", () => {
    const prod = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://h/db',
      REDIS_URL: 'redis://h:6379',
      JWT_SECRET: 'x'.repeat(32),
      WEBHOOK_SIGNING_KEY: 'y'.repeat(32),
      PAYMENT_SECRET_KEY: 'z'.repeat(32),
      AUDIT_KEY: 'a'.repeat(32),
      EDXML_SIGNING_KEY_FILE: '/k.pem',
      EDXML_SIGNING_CERT_FILE: '/c.pem',
      PUBLIC_URL: 'https://hub.example.vn',
      PORTAL_URL: 'https://dvc.example.vn',
    };
    expect(() => loadConfig(prod)).toThrow(/PORTAL_PASSWORD.*AXIS_SECRET/s);
    const c = loadConfig({ ...prod, PORTAL_PASSWORD: 'p', AXIS_SECRET: 's'.repeat(16) });
    expect(c.portal.password).toBe('p');
    expect(c.axis).toMatchObject({ url: 'https://dvc.example.vn', secret: 's'.repeat(16) });
    // in development and tests only, the sandbox's
    expect(loadConfig({ NODE_ENV: 'development' }).portal.password).toBe('sandbox-password');
    expect(loadConfig({ NODE_ENV: 'test' }).payment.secretKey).toBe('sandbox-payment-secret-key');
  });

  it("keeps the contract's values as the payment message's defaults, and lets each be changed", () => {
    expect(loadConfig({ NODE_ENV: 'test' }).payment.message).toEqual({
      messageType: 'INIT',
      version: '1.0.6',
      paymentType: 'PAY',
      channel: '1',
      device: '1',
      language: 'vi-VN',
      currency: 'VND',
      bank: 'PAYMENT',
    });
    expect(
      loadConfig({ NODE_ENV: 'test', PAYMENT_VERSION: '1.0.7', PAYMENT_BANK: 'VCB' }).payment.message,
    ).toMatchObject({ version: '1.0.7', bank: 'VCB' });
    expect(loadConfig({ NODE_ENV: 'test', PAYMENT_CLIENT_IP: '203.0.113.10' }).payment.clientIp).toBe('203.0.113.10');
    const bad = (() => {
      try {
        loadConfig({ PAYMENT_VERSION: 'latest', PORTAL_PROXY_PATHS: '{"nope":"/x"}', PORTAL_SHAPE: 'soap' });
      } catch (e) {
        return (e as ConfigError).problems.join('\n');
      }
      return '';
    })();
    for (const v of ['PAYMENT_VERSION', 'PORTAL_PROXY_PATHS', 'PORTAL_SHAPE']) expect(bad).toContain(v);
    expect(
      loadConfig({ NODE_ENV: 'test', PORTAL_SHAPE: 'proxy', PORTAL_PROXY_PATHS: '{"insert":"/x/insert"}' }).portal.paths
        .proxy,
    ).toMatchObject({ insert: '/x/insert', update: '/lgsp/dvcqg/DongBoHoSoMC/Update' });
  });

  it('lists every variable it reads in .env.example', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const listed = new Set([...example.matchAll(/^#?\s*([A-Z_]+)=/gm)].map((m) => m[1]));
    expect(CONFIG_VARIABLES.filter((v) => !listed.has(v))).toEqual([]);
  });
});
