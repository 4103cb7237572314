/**
 * CORS by setting: a browser application on an origin of `CORS_ORIGINS` may call the API (its
 * preflight is answered, its answers carry the origin); any other origin gets no CORS header, so
 * its browser keeps the answer from it. Development allows local origins unless the setting is given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { allowedOrigin } from '../../src/http/cors.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const APP = 'https://motcua.haiphong.gov.vn';
let hub: TestHub;
let open: TestHub;

beforeAll(async () => {
  [hub, open] = await Promise.all([startTestHub({ CORS_ORIGINS: `${APP},http://localhost:5173` }), startTestHub()]);
});
afterAll(async () => {
  await Promise.all([hub?.close(), open?.close()]);
});

const preflight = (h: TestHub, origin: string) =>
  fetch(`${h.url}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  });
const post = (h: TestHub, origin: string) =>
  fetch(`${h.url}/graphql`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });

describe('CORS', () => {
  it('answers the preflight of an allowed origin, and its requests carry the origin and the request id header', async () => {
    const pre = await preflight(hub, APP);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP);
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const res = await post(hub, APP);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('gives any other origin no CORS header (the browser refuses it the answer), by default too', async () => {
    for (const [h, origin] of [
      [hub, 'https://evil.example'],
      [hub, 'https://motcua.haiphong.gov.vn.evil.example'],
      [hub, 'http://motcua.haiphong.gov.vn'],
      [open, APP],
      [open, 'http://localhost:5173'],
    ] as const) {
      const pre = await preflight(h, origin);
      expect(pre.headers.get('access-control-allow-origin'), origin).toBeNull();
      const res = await post(h, origin);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('allows local origins in development unless the setting names them, and `*` allows any', () => {
    const dev = loadConfig({ NODE_ENV: 'development' });
    expect(allowedOrigin(dev, 'http://localhost:5173')).toBe(true);
    expect(allowedOrigin(dev, 'http://127.0.0.1:3000')).toBe(true);
    expect(allowedOrigin(dev, 'http://localhost.evil.example')).toBe(false);
    expect(allowedOrigin(dev, APP)).toBe(false);
    const named = loadConfig({ NODE_ENV: 'development', CORS_ORIGINS: APP });
    expect(allowedOrigin(named, 'http://localhost:5173')).toBe(false);
    expect(allowedOrigin(named, APP)).toBe(true);
    expect(allowedOrigin(loadConfig({ NODE_ENV: 'test', CORS_ORIGINS: '*' }), 'https://any.example')).toBe(true);
    expect(() => loadConfig({ NODE_ENV: 'test', CORS_ORIGINS: 'motcua.haiphong.gov.vn' })).toThrow(/CORS_ORIGINS/);
    // written as a person would, matched as a browser sends it
    const written = loadConfig({ NODE_ENV: 'test', CORS_ORIGINS: 'https://MotCua.HaiPhong.gov.vn:443' });
    expect(allowedOrigin(written, APP)).toBe(true);
  });
});
