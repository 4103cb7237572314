/**
 * The queue console (Bull Board at /admin/queues) is never open: anonymous browsers are sent to
 * sign in, OFFICER callers are refused, ADMIN gets the full console and LEADER a read-only one; the
 * session cookie is HttpOnly, SameSite=Strict and short-lived; a cross-site change is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNE } from '../support/documents.js';
import { ok, startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/national.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.close());

const bare = (token: string) => token.replace(/^Bearer /, '');

/** Signs in through the form, as a browser does; the cookie it got (or the refusal's status). */
async function signIn(
  token: string,
  origin = hub.url,
): Promise<{ status: number; cookie: string | null; setCookie: string | null }> {
  const res = await fetch(`${hub.url}/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ token: bare(token) }),
    redirect: 'manual',
  });
  const setCookie = res.headers.get('set-cookie');
  return { status: res.status, setCookie, cookie: setCookie ? setCookie.split(';')[0]! : null };
}

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${hub.url}${path}`, { headers, redirect: 'manual' });

describe('the queue console', () => {
  it('sends an anonymous browser to sign in and refuses an anonymous API call', async () => {
    const html = await get('/admin/queues', { accept: 'text/html' });
    expect(html.status).toBe(303);
    expect(html.headers.get('location')).toBe('/admin/login');
    expect((await get('/admin/queues/api/queues', { accept: 'application/json' })).status).toBe(401);
    expect((await get('/admin/login')).status).toBe(200);
  });

  it('refuses OFFICER callers, by form or by header, and forged tokens', async () => {
    const officer = await hub.token({ role: 'OFFICER', agency: COMMUNE });
    expect((await signIn(officer)).status).toBe(403);
    expect((await signIn('Bearer not.a.token')).status).toBe(401);
    const res = await get('/admin/queues/api/queues', { authorization: officer });
    expect(res.status).toBe(403);
    expect((await get('/admin/queues/api/queues', { cookie: 'lth_console=not.a.token' })).status).toBe(401);
  });

  it('serves ADMIN the full console through a short-lived HttpOnly, SameSite=Strict cookie', async () => {
    const signed = await signIn(await hub.token({ role: 'ADMIN' }));
    expect(signed.status).toBe(303);
    expect(signed.setCookie).toMatch(/HttpOnly/i);
    expect(signed.setCookie).toMatch(/SameSite=Strict/i);
    expect(signed.setCookie).toMatch(/Path=\/admin/);
    const maxAge = Number(/Max-Age=(\d+)/.exec(signed.setCookie!)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(3600);
    const cookie = signed.cookie!;
    const page = await get('/admin/queues', { cookie, accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">|bull/i);
    const api = await get('/admin/queues/api/queues', { cookie });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: Array<{ name: string; readOnlyMode: boolean }> }).queues;
    expect(names.map((q) => q.name).sort()).toEqual(['maintenance', 'portal', 'webhooks']);
    expect(names.every((q) => !q.readOnlyMode)).toBe(true);
    // ADMIN acts: pause and resume a queue from the console, each change audited under the person
    const audited = async () =>
      (await hub.sql(`SELECT count(*)::int AS n FROM audit_log WHERE operation LIKE 'queueConsole%'`)).rows[0].n;
    const before = await audited();
    const act = (path: string, method = 'PUT', headers: Record<string, string> = { origin: hub.url }) =>
      fetch(`${hub.url}/admin/queues/api/queues/${path}`, { method, headers: { cookie, ...headers } });
    expect((await act('maintenance/pause')).status).toBe(200);
    const admin = await hub.token({ role: 'ADMIN' });
    expect(ok(await hub.gql('{ queues { name isPaused } }', {}, admin)).queues).toContainEqual({
      name: 'MAINTENANCE',
      isPaused: true,
    });
    expect((await act('maintenance/resume')).status).toBe(200);
    await until(async () => (await audited()) === before + 2, 'the console changes audited');
    // a change from another site's page, or with no sign of its origin, is refused, cookie or not
    expect((await act('maintenance/pause', 'PUT', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await act('maintenance/pause', 'PUT', {})).status).toBe(403);
    // what Bull Board offers beyond the hub's actions is refused: adding jobs, emptying, schedulers, limits
    for (const [path, method] of [
      ['maintenance/add', 'POST'],
      ['maintenance/empty', 'PUT'],
      ['maintenance/obliterate', 'PUT'],
      ['maintenance/concurrency', 'PUT'],
      ['maintenance/job-schedulers/audit.checkpoint.every/remove', 'PUT'],
      ['maintenance/some-job/update-data', 'PATCH'],
    ] as const)
      expect((await act(path, method)).status, path).toBe(403);
    expect(ok(await hub.gql('{ queues { name isPaused } }', {}, admin)).queues).toContainEqual({
      name: 'MAINTENANCE',
      isPaused: false,
    });
    expect(await audited()).toBe(before + 2);
  });

  it('serves LEADER the same console read-only, and refuses its changes', async () => {
    const { cookie } = await signIn(await hub.token({ role: 'LEADER' }));
    const api = await get('/admin/queues/api/queues', { cookie: cookie! });
    expect(api.status).toBe(200);
    const queues = ((await api.json()) as { queues: Array<{ readOnlyMode: boolean }> }).queues;
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
    const pause = await fetch(`${hub.url}/admin/queues/api/queues/portal/pause`, {
      method: 'PUT',
      headers: { cookie: cookie!, origin: hub.url },
    });
    expect(pause.status).toBe(403);
    expect((await get('/admin/queues/api/redis/stats', { cookie: cookie! })).status).toBe(403);
  });

  it('stops honouring a session whose token expired', async () => {
    const { cookie } = await signIn(await hub.token({ role: 'ADMIN' }, { expiresIn: '1s' }));
    expect((await get('/admin/queues/api/queues', { cookie: cookie! })).status).toBe(200);
    // (until the token's own expiry, a second away by the clock)
    await until(
      async () => (await get('/admin/queues/api/queues', { cookie: cookie! })).status === 401,
      'the session refused once its token expired',
    );
  });

  it('refuses sign-in and sign-out from another site, and never logs the session', async () => {
    const admin = await hub.token({ role: 'ADMIN' });
    expect((await signIn(admin, 'https://evil.example')).status).toBe(403);
    const { cookie } = await signIn(admin);
    const out = (origin: string) =>
      fetch(`${hub.url}/admin/logout`, { method: 'POST', headers: { cookie: cookie!, origin }, redirect: 'manual' });
    expect((await out('https://evil.example')).status).toBe(403);
    const id = cookie!.split('=')[1]!;
    expect(JSON.stringify(hub.logs)).not.toContain(id);
    expect(JSON.stringify(hub.logs)).not.toContain(admin.replace(/^Bearer /, ''));
    // signed out from its own page: the session is gone
    expect((await out(hub.url)).status).toBe(303);
    expect((await get('/admin/queues/api/queues', { cookie: cookie! })).status).toBe(401);
  });
});
