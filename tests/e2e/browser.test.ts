/**
 * The pages people open, in a real headless Chromium (Debian's `chromium`, driven by
 * playwright-core; `.ci/run` installs it): a leader signs in to the KPI dashboard on seeded data and
 * sees the figures `kpiReport` gives; an admin signs in to the queue console and sees the queues.
 * Screenshots go to test-results/ (a CI artifact).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNE } from '../support/documents.js';
import { SUBMIT, applicant, createProcedure } from '../support/dossiers.js';
import { ok, startTestHub, type TestHub } from '../support/hub.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test-results');
let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  hub = await startTestHub();
  const admin = await hub.token({ role: 'ADMIN' });
  const ward = await hub.token({ role: 'OFFICER', agency: COMMUNE });
  await createProcedure(hub, admin);
  // this year's dossiers at the commune level: online and in person, one long overdue
  const year = new Date().getFullYear();
  for (const channel of ['ONLINE', 'ONLINE', 'IN_PERSON'])
    ok(await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel } }, ward));
  ok(
    await hub.gql(
      SUBMIT,
      { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE', receivedAt: `${year}-01-05T02:00:00.000Z` } },
      ward,
    ),
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // as this machine needs them: no sandbox (root), no GPU, no calls out to Google's services
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

describe('the KPI dashboard in Chromium', () => {
  it("shows a leader the figures kpiReport gives, on a laptop's and a tablet's screen", async () => {
    const leader = await hub.token({ role: 'LEADER' });
    const year = new Date().getFullYear();
    const report = ok(
      await hub.gql(
        `query($f: Date!, $t: Date!) { kpiReport(from: $f, to: $t) { rows { level received overdue
          onlineRate { value } onTimeRate { value } paidOnlineRate { value } portalSyncedRate { value } } } }`,
        { f: `${year}-01-01`, t: `${year}-12-31` },
        leader,
      ),
    ).kpiReport.rows as Array<Record<string, any>>;
    for (const [name, viewport] of [
      ['laptop', { width: 1366, height: 900 }],
      ['tablet', { width: 820, height: 1180 }],
    ] as const) {
      const page = await browser.newPage({ viewport });
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      await page.goto(`${hub.url}/dashboard`);
      await page.fill('#token', leader.replace(/^Bearer /, ''));
      await page.click('#login-form button[type=submit]');
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      const shown = await page.$$eval('[data-kpi]', (cells) =>
        Object.fromEntries(cells.map((c) => [(c as HTMLElement).dataset['kpi'], (c as HTMLElement).dataset['value']])),
      );
      for (const row of report) {
        const level = row['level'] ?? 'ALL';
        expect(shown[`${level}:received`], `${level} received`).toBe(String(row['received']));
        expect(shown[`${level}:overdue`], `${level} overdue`).toBe(String(row['overdue']));
        for (const k of ['onlineRate', 'onTimeRate', 'paidOnlineRate', 'portalSyncedRate'])
          expect(shown[`${level}:${k}`], `${level} ${k}`).toBe(row[k].value == null ? '' : String(row[k].value));
      }
      const commune = report.find((r) => r['level'] === 'COMMUNE')!;
      expect(commune['received']).toBe(4);
      expect(Number(await page.getAttribute('#overdue-count', 'data-value'))).toBeGreaterThanOrEqual(1);
      // both charts drew (ECharts renders into a canvas)
      expect(await page.locator('#chart-levels canvas').count()).toBeGreaterThan(0);
      expect(await page.locator('#chart-trend canvas').count()).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });
      expect(problems, problems.join('\n')).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('turns an officer away, with a message', async () => {
    const page = await browser.newPage();
    await page.goto(`${hub.url}/dashboard`);
    await page.fill('#token', (await hub.token({ role: 'OFFICER', agency: COMMUNE })).replace(/^Bearer /, ''));
    await page.click('#login-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#login-error')?.textContent !== '');
    expect(await page.textContent('#login-error')).toMatch(/LEADER/);
    expect(await page.isHidden('#board')).toBe(true);
    await page.close();
  });
});

describe('the queue console in Chromium', () => {
  it('signs an admin in and shows every queue', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${hub.url}/admin/queues`);
    expect(page.url()).toMatch(/\/admin\/login$/);
    await page.fill('textarea[name=token]', (await hub.token({ role: 'ADMIN' })).replace(/^Bearer /, ''));
    await page.click('button[type=submit]');
    await page.waitForURL(/\/admin\/queues/);
    for (const queue of ['portal', 'webhooks', 'maintenance']) await page.getByText(queue).first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'queue-console.png'), fullPage: true });
    await page.close();
  }, 60_000);
});
