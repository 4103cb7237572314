/** The working calendar over HTTP: decided and derived years, edits by ADMIN (audited), due dates, the horizon. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/modules/index.js';
import { calendarService } from '../../src/modules/calendar/calendar.service.js';
import { SUBMIT, applicant, createProcedure } from '../support/dossiers.js';
import { codeOf, ok, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let admin: string;
let ward: string;
const vn = (s: string) => new Date(`${s}+07:00`).toISOString();
const YEAR = `query($y: Int!) { calendar(year: $y) { year confirmed derived source days { date kind name source provisional } } }`;

beforeAll(async () => {
  hub = await startTestHub();
  admin = await hub.token({ role: 'ADMIN' });
  ward = await hub.token({ role: 'OFFICER', agency: '000.00.51.H24' });
  await createProcedure(hub, admin, { processingDays: 1 });
  await createProcedure(hub, admin, { code: '1.000030', name: 'Thủ tục 30 ngày', processingDays: 30 });
});
afterAll(() => hub?.close());

describe('the calendar', () => {
  it('holds 2025 and 2026 as decided, with sources, and 2027 derived and provisional', async () => {
    const y2026 = ok(await hub.gql(YEAR, { y: 2026 }, ward)).calendar;
    expect(y2026).toMatchObject({ year: 2026, confirmed: true, derived: false });
    const byDate = Object.fromEntries(y2026.days.map((d: any) => [d.date, d]));
    expect(byDate['2026-01-02']).toMatchObject({
      kind: 'DAY_OFF',
      provisional: false,
      source: expect.stringContaining('12729/VPCP-KGVX'),
    });
    expect(byDate['2026-01-10']).toMatchObject({ kind: 'WORKING_DAY' });
    expect(byDate['2026-08-22']).toMatchObject({ kind: 'WORKING_DAY', source: expect.stringContaining('13/10/2025') });
    expect(byDate['2026-08-31']).toMatchObject({ kind: 'DAY_OFF' });
    expect(ok(await hub.gql(YEAR, { y: 2025 }, ward)).calendar.confirmed).toBe(true);
    const y2027 = ok(await hub.gql(YEAR, { y: 2027 }, ward)).calendar;
    expect(y2027).toMatchObject({ confirmed: false, derived: false });
    expect(y2027.days.every((d: any) => d.provisional)).toBe(true);
    expect(y2027.days.map((d: any) => d.date)).toContain('2027-02-06');
    // a year nobody entered is derived as asked
    const y2031 = ok(await hub.gql(YEAR, { y: 2031 }, ward)).calendar;
    expect(y2031).toMatchObject({ derived: true, confirmed: false });
    expect(y2031.days.map((d: any) => d.date)).toContain('2031-01-01');
  });

  it('computes due dates on the decided calendar: swapped days and worked Saturdays', async () => {
    const submit = (receivedAt: string, procedureCode = '1.001193') =>
      hub.gql(SUBMIT, { input: { procedureCode, applicant, channel: 'IN_PERSON', receivedAt } }, ward);
    expect(ok(await submit(vn('2026-08-28T15:00:00'))).submitDossier.dueAt).toBe(vn('2026-09-03T15:00:00'));
    expect(ok(await submit(vn('2026-08-21T10:00:00'))).submitDossier.dueAt).toBe(vn('2026-08-22T10:00:00'));
    expect(ok(await submit(vn('2025-12-31T16:00:00'))).submitDossier.dueAt).toBe(vn('2026-01-05T16:00:00'));
  });

  it('lets ADMIN enter a decision (audited), refuses days that cannot be, and confirms a year', async () => {
    const set = (input: Record<string, unknown>) =>
      hub.gql(
        'mutation($i: CalendarDayInput!) { setCalendarDay(input: $i) { date kind provisional } }',
        { i: input },
        admin,
      );
    expect(codeOf(await set({ date: '2027-02-13', kind: 'DAY_OFF', name: 'x', source: 'y' }))).toBe('BAD_USER_INPUT'); // a Saturday
    expect(codeOf(await set({ date: '2027-02-12', kind: 'WORKING_DAY', name: 'x', source: 'y' }))).toBe(
      'BAD_USER_INPUT',
    ); // a Friday
    expect(codeOf(await set({ date: '2027-02-12', kind: 'DAY_OFF', name: 'x', source: '' }))).toBe('BAD_USER_INPUT'); // no source
    expect(
      codeOf(
        await hub.gql(
          'mutation($i: CalendarDayInput!) { setCalendarDay(input: $i) { date } }',
          { i: { date: '2027-02-12', kind: 'DAY_OFF', name: 'x', source: 'y' } },
          ward,
        ),
      ),
    ).toBe('FORBIDDEN');
    ok(
      await set({
        date: '2027-02-12',
        kind: 'DAY_OFF',
        name: 'Tết Nguyên đán (hoán đổi)',
        source: 'Quyết định thử số 1',
      }),
    );
    ok(await set({ date: '2027-02-20', kind: 'WORKING_DAY', name: 'Làm bù', source: 'Quyết định thử số 1' }));
    expect(
      (
        await hub.sql(
          "SELECT count(*)::int AS n FROM audit_log WHERE operation = 'setCalendarDay' AND outcome = 'SUCCESS'",
        )
      ).rows[0].n,
    ).toBe(2);
    expect(codeOf(await hub.gql('mutation { deriveCalendarYear(year: 2026) { year } }', {}, admin))).toBe('CONFLICT');
    // re-deriving keeps what was decided
    const again = ok(
      await hub.gql('mutation { deriveCalendarYear(year: 2027) { days { date provisional } } }', {}, admin),
    ).deriveCalendarYear;
    expect(again.days).toContainEqual({ date: '2027-02-12', provisional: false });
    const confirmed = ok(
      await hub.gql(
        'mutation { confirmCalendarYear(year: 2027, source: "Quyết định thử số 1") { confirmed days { provisional source } } }',
        {},
        admin,
      ),
    ).confirmCalendarYear;
    expect(confirmed.confirmed).toBe(true);
    expect(confirmed.days.every((d: any) => !d.provisional)).toBe(true);
  });

  it("keeps an administrator's changes through a restart's seed, and refuses to remove a day of a year nobody entered", async () => {
    ok(await hub.gql('mutation { removeCalendarDay(date: "2026-01-02") }', {}, admin));
    ok(
      await hub.gql(
        'mutation { setKpiTarget(indicator: ONLINE_RATE, level: PROVINCE, periodStart: "2020-01-01", value: 70) { value } }',
        {},
        admin,
      ),
    );
    await seedDemo(hub.prisma);
    const days = ok(await hub.gql(YEAR, { y: 2026 }, ward)).calendar.days.map((d: any) => d.date);
    expect(days).not.toContain('2026-01-02');
    expect(
      (
        await hub.sql(
          `SELECT value FROM kpi_target WHERE indicator = 'ONLINE_RATE' AND level = 'PROVINCE' AND period_start = '2020-01-01'`,
        )
      ).rows[0].value,
    ).toBe(70);
    const removed = await hub.gql('mutation { removeCalendarDay(date: "2033-01-03") }', {}, admin);
    expect(codeOf(removed)).toBe('BAD_USER_INPUT');
    expect(removed.errors![0]!.message).toMatch(/deriveCalendarYear/);
  });

  it('answers past the confirmed horizon from the derived calendar, with a warning from 60 days before it', async () => {
    const status = ok(
      await hub.gql('{ calendarStatus { horizon daysToHorizon warning confirmedYears provisionalYears } }', {}, admin),
    ).calendarStatus;
    expect(status.confirmedYears).toEqual(expect.arrayContaining([2025, 2026]));
    expect(status.warning !== null).toBe(status.daysToHorizon <= 60);
    // the rule itself, at fixed dates
    await hub.sql('DELETE FROM calendar_year WHERE year > 2026');
    const early = await calendarService.status(hub.prisma, new Date('2026-10-01T00:00:00Z'));
    const late = await calendarService.status(hub.prisma, new Date('2026-11-15T00:00:00Z'));
    expect(early).toMatchObject({ horizon: '2026-12-31', warning: null });
    expect(late.warning).toMatch(/ends on 2026-12-31.*2027/);
    // a due date past 2026 (2027 now derived on the fly) still gets an answer, and the log says so
    const far = ok(
      await hub.gql(SUBMIT, { input: { procedureCode: '1.000030', applicant, channel: 'IN_PERSON' } }, ward),
    );
    expect(far.submitDossier.dueAt > '2027-01-01').toBe(true);
    expect(
      hub.logs.some((l) => l.msg === 'a due date beyond the confirmed calendar: computed on the provisional calendar'),
    ).toBe(true);
  });
});
