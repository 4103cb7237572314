/** Dossiers through the real HTTP API: submission, codes, due dates, lifecycle, lookup, access. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedNext, DOSSIER_STATUS } from '../../src/modules/dossier/dossier-status.js';
import { defaultDossierCode, useDossierCodeGenerator } from '../../src/modules/dossier/dossier-code.js';
import { MOVE, STATUS_NAME, SUBMIT, applicant, createProcedure } from '../support/dossiers.js';
import { codeOf, startTestHub, type TestHub, ok } from '../support/hub.js';

let hub: TestHub;
const auth: Record<'ward' | 'wardB' | 'city' | 'leader' | 'admin', string> = {} as never;
const WARD = '000.00.51.H24';
const WARD_B = '000.00.52.H24';
const vn = (s: string) => new Date(`${s}+07:00`).toISOString();

beforeAll(async () => {
  hub = await startTestHub();
  auth.ward = await hub.token({ role: 'OFFICER', agency: WARD, sub: 'motcua-hongbang' });
  auth.wardB = await hub.token({ role: 'OFFICER', agency: WARD_B, sub: 'motcua-ngoquyen' });
  auth.city = await hub.token({ role: 'OFFICER', agency: '000.00.00.H24' });
  auth.leader = await hub.token({ role: 'LEADER' });
  auth.admin = await hub.token({ role: 'ADMIN' });
  await createProcedure(hub, auth.admin);
});
afterAll(() => hub?.close());

const submit = (input: Record<string, unknown>, who = auth.ward) =>
  hub.gql(
    SUBMIT,
    {
      input: {
        procedureCode: '1.001193',
        applicant,
        channel: 'ONLINE',
        receivedAt: vn('2026-11-26T10:00:00'),
        ...input,
      },
    },
    who,
  );

describe('submitting', () => {
  it('generates <agency>-<yyMMdd>-<sequence> codes without duplicates under concurrent submissions', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => submit({})));
    const codes = results.map((r) => ok(r).submitDossier.code);
    expect(new Set(codes).size).toBe(12);
    expect(codes.map((c: string) => c.slice(0, -4)).every((p: string) => p === `${WARD}-261126-`)).toBe(true);
    expect(codes.map((c: string) => Number(c.slice(-4))).sort((a: number, b: number) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  it('is idempotent on a given code and computes the due time in working days, skipping holidays', async () => {
    ok(
      await hub.gql(
        `mutation { setCalendarDay(input: { date: "2026-12-01", kind: DAY_OFF, name: "Ngày nghỉ thử", source: "Công văn thử" }) { date } }`,
        {},
        auth.admin,
      ),
    );
    const first = ok(await submit({ code: `${WARD}-HB-000001`, channel: 'IN_PERSON' })).submitDossier;
    // Thursday 26/11 10:00 + 5 working days, 1/12 a holiday: Fri 27, Mon 30, Wed 2, Thu 3, Fri 4
    expect(first).toMatchObject({
      code: `${WARD}-HB-000001`,
      status: 'ACCEPTED',
      dueAt: vn('2026-12-04T10:00:00'),
      procedure: { code: '1.001193' },
    });
    const again = ok(
      await submit({
        code: `${WARD}-HB-000001`,
        channel: 'IN_PERSON',
        summary: 'Trích yếu mới',
        status: 'REGISTERED_ONLINE',
      }),
    ).submitDossier;
    expect(again).toMatchObject({ code: first.code, summary: 'Trích yếu mới', status: 'ACCEPTED', dueAt: first.dueAt }); // summary follows; status does not
    expect((await hub.sql(`SELECT count(*)::int AS n FROM dossier WHERE code = '${WARD}-HB-000001'`)).rows[0].n).toBe(
      1,
    );
  });

  it('makes codes with the generator in use, replaceable in one call', async () => {
    useDossierCodeGenerator(
      async ({ agencyCode, nextSequence }) =>
        `${agencyCode}-MOTCUA-${String(await nextSequence('mc')).padStart(6, '0')}`,
    );
    try {
      expect(ok(await submit({})).submitDossier.code).toBe(`${WARD}-MOTCUA-000001`);
    } finally {
      useDossierCodeGenerator(defaultDossierCode);
    }
    expect(ok(await submit({})).submitDossier.code).toMatch(new RegExp(`^${WARD}-261126-\\d{4}$`));
  });

  it('refuses bad input with BAD_USER_INPUT and stores nothing', async () => {
    const before = (await hub.sql('SELECT count(*)::int AS n FROM dossier')).rows[0].n;
    for (const bad of [
      { procedureCode: '9.999999' },
      { channel: 4 },
      { applicant: { ...applicant, type: 3 } },
      { applicant: { ...applicant, phone: 'gọi tôi' } },
      { handlingAgencyCode: '000.00.00.H24' }, // does not handle the procedure
      { status: 'IN_PROCESS' }, // not a status a dossier starts in
      { receivedAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }, // in the future, whatever the day the suite runs
    ]) {
      expect(codeOf(await submit(bad)), JSON.stringify(bad)).toBe('BAD_USER_INPUT');
    }
    expect((await hub.sql('SELECT count(*)::int AS n FROM dossier')).rows[0].n).toBe(before);
  });
});

describe('the lifecycle', () => {
  it('allows every move of the national transition table and keeps each step', async () => {
    const moves: Array<[number, number]> = [];
    for (const from of Object.keys(DOSSIER_STATUS).map(Number))
      for (const to of allowedNext(from)) moves.push([from, to]);
    // reach each `from` along allowed moves, then make the move
    const pathTo: Record<number, number[]> = { 1: [], 2: [2], 4: [2, 4], 5: [2, 4, 5], 6: [2, 4, 6], 9: [2, 4, 9] };
    for (const [from, to] of moves) {
      const d = ok(await submit({ channel: 'ONLINE' })).submitDossier;
      expect(d.status).toBe('REGISTERED_ONLINE');
      for (const s of pathTo[from]!)
        ok(await hub.gql(MOVE, { code: d.code, input: { status: STATUS_NAME[s] } }, auth.ward));
      const moved = ok(
        await hub.gql(
          MOVE,
          {
            code: d.code,
            input: {
              status: STATUS_NAME[to],
              officerName: 'Cán bộ Một',
              department: 'Bộ phận một cửa',
              note: `${from}->${to}`,
            },
          },
          auth.ward,
        ),
      ).moveDossier;
      expect(moved.status, `${from} -> ${to}`).toBe(STATUS_NAME[to]);
      expect(moved.steps.at(-1)).toEqual({
        fromStatus: STATUS_NAME[from],
        status: STATUS_NAME[to],
        officerName: 'Cán bộ Một',
        department: 'Bộ phận một cửa',
        note: `${from}->${to}`,
      });
    }
    expect(moves.length).toBe(18);
  });

  it('refuses impossible moves with BAD_USER_INPUT and changes nothing', async () => {
    const d = ok(await submit({ channel: 'IN_PERSON' })).submitDossier; // accepted (2)
    for (const to of [1, 5, 9, 10, 11, 0]) {
      const r = await hub.gql(MOVE, { code: d.code, input: { status: STATUS_NAME[to] ?? to } }, auth.ward);
      expect(codeOf(r), `2 -> ${to}`).toBe('BAD_USER_INPUT');
    }
    ok(await hub.gql(MOVE, { code: d.code, input: { status: 'IN_PROCESS' } }, auth.ward));
    ok(await hub.gql(MOVE, { code: d.code, input: { status: 'PROCESSED' } }, auth.ward));
    const back = await hub.gql(MOVE, { code: d.code, input: { status: 'IN_PROCESS' } }, auth.ward);
    expect(back.errors![0]!.message).toMatch(/cannot move to 4.*next can be 10/);
    const steps = (
      await hub.sql(
        `SELECT count(*)::int AS n FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id WHERE d.code = $1`,
        [d.code],
      )
    ).rows[0].n;
    expect(steps).toBe(3);
  });

  it('refuses a step before the last one or in the future, naming both times, and changes nothing', async () => {
    const d = ok(await submit({ channel: 'IN_PERSON' })).submitDossier;
    ok(
      await hub.gql(MOVE, { code: d.code, input: { status: 'IN_PROCESS', at: vn('2026-11-27T11:00:00') } }, auth.ward),
    );
    const early = await hub.gql(
      MOVE,
      { code: d.code, input: { status: 'PROCESSED', at: vn('2026-11-27T10:00:00') } },
      auth.ward,
    );
    expect(codeOf(early)).toBe('BAD_USER_INPUT');
    expect(early.errors![0]!.message).toContain(vn('2026-11-27T10:00:00'));
    expect(early.errors![0]!.message).toContain(vn('2026-11-27T11:00:00'));
    const future = await hub.gql(
      MOVE,
      { code: d.code, input: { status: 'PROCESSED', at: new Date(Date.now() + 3_600_000).toISOString() } },
      auth.ward,
    );
    expect(codeOf(future)).toBe('BAD_USER_INPUT');
    expect(future.errors![0]!.message).toMatch(/in the future/);
    const now = (await hub.sql('SELECT status, finished_at FROM dossier WHERE code = $1', [d.code])).rows[0];
    expect(now).toEqual({ status: 4, finished_at: null });
  });

  it('records supplement requests and moves the due time by their duration', async () => {
    const d = ok(await submit({ channel: 'IN_PERSON' })).submitDossier;
    ok(
      await hub.gql(MOVE, { code: d.code, input: { status: 'IN_PROCESS', at: vn('2026-11-26T11:00:00') } }, auth.ward),
    );
    ok(
      await hub.gql(
        MOVE,
        {
          code: d.code,
          input: { status: 'SUPPLEMENT_REQUESTED', at: vn('2026-11-27T09:00:00'), note: 'thiếu bản sao' },
        },
        auth.ward,
      ),
    );
    const back = ok(
      await hub.gql(MOVE, { code: d.code, input: { status: 'IN_PROCESS', at: vn('2026-11-28T09:00:00') } }, auth.ward),
    ).moveDossier;
    expect(back.supplements).toEqual([
      { requestedAt: vn('2026-11-27T09:00:00'), completedAt: vn('2026-11-28T09:00:00') },
    ]);
    expect(new Date(back.effectiveDueAt).getTime() - new Date(back.dueAt).getTime()).toBe(86_400_000);
  });
});

describe('agencies through time', () => {
  const DISTRICT = '000.00.31.H24'; // quận Hồng Bàng, dissolved on 2025-07-01; successor: the ward
  it("loads a district's history from before its dissolution and counts it in the district row", async () => {
    const old = ok(
      await hub.gql(
        SUBMIT,
        {
          input: {
            procedureCode: '1.001193',
            applicant,
            channel: 'ONLINE',
            receivedAt: vn('2025-06-10T09:00:00'),
            receivingAgencyCode: DISTRICT,
          },
        },
        auth.admin,
      ),
    ).submitDossier;
    expect(old).toMatchObject({ receivingAgency: { code: DISTRICT }, handlingAgency: { code: DISTRICT } });
    const report = ok(
      await hub.gql(
        '{ kpiReport(from: "2025-06-01", to: "2025-06-30") { rows { level received onlineRate { target } } } }',
        {},
        auth.admin,
      ),
    ).kpiReport;
    expect(report.rows.find((l: any) => l.level === 'DISTRICT')).toMatchObject({
      received: 1,
      onlineRate: { target: 30 },
    });
  });

  it("refuses new work for a dissolved district, naming its successor, also as a procedure's handling agency", async () => {
    const late = await hub.gql(
      SUBMIT,
      {
        input: {
          procedureCode: '1.001193',
          applicant,
          channel: 'ONLINE',
          receivedAt: vn('2025-07-02T09:00:00'),
          receivingAgencyCode: DISTRICT,
        },
      },
      auth.admin,
    );
    expect(codeOf(late)).toBe('BAD_USER_INPUT');
    expect(late.errors![0]!.message).toMatch(new RegExp(`${DISTRICT}.*dissolved on 2025-07-01.*successor is ${WARD}`));
    const early = await hub.gql(
      SUBMIT,
      { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE', receivedAt: vn('2025-06-10T09:00:00') } },
      auth.ward,
    );
    expect(early.errors![0]!.message).toMatch(/exists from 2025-07-01/);
    const procedure = await hub.gql(
      'mutation($i: ProcedureInput!) { upsertProcedure(input: $i) { code } }',
      {
        i: {
          code: '1.009999',
          name: 'Thử',
          fieldCode: 'HT',
          fieldName: 'Hộ tịch',
          processingDays: 5,
          onlineLevel: 4,
          onlineType: 'FULL',
          validFrom: '2020-01-01',
          fees: [],
          agencyCodes: [DISTRICT],
        },
      },
      auth.admin,
    );
    expect(codeOf(procedure)).toBe('BAD_USER_INPUT');
    expect(procedure.errors![0]!.message).toMatch(/successor is/);
  });
});

describe('who sees what', () => {
  it("shows the applicant's personal data only to the handling agency, LEADER and ADMIN", async () => {
    // received by ward B, handled by the ward: ward B sees the dossier but not the applicant
    const d = ok(await submit({ handlingAgencyCode: WARD }, auth.wardB)).submitDossier;
    expect(d.applicant).toBeNull();
    const q = `query($code: String!) { dossier(code: $code) { code applicant { idNumber phone } } }`;
    expect(ok(await hub.gql(q, { code: d.code }, auth.wardB)).dossier).toEqual({ code: d.code, applicant: null });
    for (const who of [auth.ward, auth.leader, auth.admin]) {
      expect(ok(await hub.gql(q, { code: d.code }, who)).dossier.applicant).toEqual({
        idNumber: applicant.idNumber,
        phone: applicant.phone,
      });
    }
    expect(codeOf(await hub.gql(q, { code: d.code }, auth.city))).toBe('FORBIDDEN'); // neither receives nor handles it
    expect(codeOf(await hub.gql(MOVE, { code: d.code, input: { status: 'ACCEPTED' } }, auth.city))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(MOVE, { code: d.code, input: { status: 'ACCEPTED' } }, auth.leader))).toBe('FORBIDDEN');
    // and never in the logs
    expect(JSON.stringify(hub.logs)).not.toContain(applicant.idNumber);
    expect(JSON.stringify(hub.logs)).not.toContain('345 678');
  });

  it('lets an applicant look up a dossier with its code and the last 4 phone digits, nothing more, and rate-limits guessing', async () => {
    const d = ok(await submit({ code: `${WARD}-LOOKUP-0001` })).submitDossier;
    const q = `query($code: String!, $p: String!) { publicDossierStatus(code: $code, phoneLast4: $p) { code procedureName status statusName dueAt } }`;
    const found = await hub.gql(q, { code: d.code, p: '5678' }, null);
    expect(found.data.publicDossierStatus).toEqual({
      code: d.code,
      procedureName: 'Đăng ký khai sinh',
      status: 'REGISTERED_ONLINE',
      statusName: DOSSIER_STATUS[1],
      dueAt: d.dueAt,
    });
    // asking for anything else is refused before it runs
    const greedy = await hub.gql(
      `query($code: String!) { publicDossierStatus(code: $code, phoneLast4: "5678") { code applicant } }`,
      { code: d.code },
      null,
    );
    expect(codeOf(greedy)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(codeOf(await hub.gql(`{ dossiers(first: 1) { totalCount } }`, {}, null))).toBe('UNAUTHENTICATED');
    // a wrong phone and an unknown code look the same
    expect((await hub.gql(q, { code: d.code, p: '0000' }, null)).data.publicDossierStatus).toBeNull();
    expect((await hub.gql(q, { code: 'KHONG-CO-0001', p: '5678' }, null)).data.publicDossierStatus).toBeNull();
    // five misses on a code, then it is refused even with the right digits
    for (let i = 0; i < 4; i++) await hub.gql(q, { code: d.code, p: String(1000 + i) }, null);
    const blocked = await hub.gql(q, { code: d.code, p: '5678' }, null);
    expect(codeOf(blocked)).toBe('FORBIDDEN');
    expect(blocked.errors![0]!.message).toMatch(/Too many lookups/);
    // other dossiers are not affected
    const other = ok(await submit({ code: `${WARD}-LOOKUP-0002` })).submitDossier;
    expect((await hub.gql(q, { code: other.code, p: '5678' }, null)).data.publicDossierStatus.code).toBe(other.code);
  });
});

describe('listing', () => {
  it('filters by status, channel and overdue, and runs statements bounded by the query shape', async () => {
    const q = `query($first: Int!, $status: DossierStatus, $channel: Channel, $overdue: Boolean) { dossiers(first: $first, status: $status, channel: $channel, overdue: $overdue) {
      totalCount edges { node { code status overdue procedure { code fees { amount } agencies { code } } receivingAgency { code } handlingAgency { code } applicant { name } steps { status } supplements { requestedAt } results { name } } } } }`;
    const all = ok(await hub.gql(q, { first: 100 }, auth.ward)).dossiers;
    expect(all.totalCount).toBeGreaterThan(20);
    const online = ok(
      await hub.gql(q, { first: 100, channel: 'ONLINE', status: 'REGISTERED_ONLINE' }, auth.ward),
    ).dossiers;
    expect(online.edges.every((e: any) => e.node.status === 'REGISTERED_ONLINE')).toBe(true);
    // received 26/11/2026 with 5 working days: every open one is overdue by now only if now is past its due time
    const overdue = ok(await hub.gql(q, { first: 100, overdue: true }, auth.ward)).dossiers;
    expect(overdue.edges.every((e: any) => e.node.overdue)).toBe(true);
    expect(ok(await hub.gql(q, { first: 100 }, auth.city)).dossiers.totalCount).toBe(0);

    const counts: number[] = [];
    for (const first of [2, 8, 20]) {
      await hub.resetStatements();
      expect(ok(await hub.gql(q, { first }, auth.ward)).dossiers.edges).toHaveLength(first);
      counts.push(hub.statements.length);
    }
    // authentication, page, count, then one per relation: procedure, fees, agencies(ids, rows), receiving/handling, steps, supplements, results
    expect(Math.max(...counts), counts.join(', ')).toBeLessThanOrEqual(3 + 9);
  });

  it('counts the whole list only when totalCount is asked: a page alone is authentication and one statement', async () => {
    const run = async (fields: string) => {
      await hub.resetStatements();
      ok(await hub.gql(`{ dossiers(first: 5) { ${fields} } }`, {}, auth.ward));
      return [...hub.statements];
    };
    const page = await run('edges { node { code } }');
    expect(
      page.filter((q) => /count\(/i.test(q)),
      page.join('\n'),
    ).toEqual([]);
    expect(page.length, page.join('\n')).toBeLessThanOrEqual(2);
    const counted = await run('totalCount edges { node { code } }');
    expect(counted.filter((q) => /count\(/i.test(q))).toHaveLength(1);
    expect(counted.length).toBe(page.length + 1);
  });
});

describe('the write path', () => {
  it('commits a submission in one transaction, without a city-wide lock: its outbox rows are handed to Redis after it, its audit row sealed after it', async () => {
    await hub.resetStatements();
    ok(await submit({}));
    await hub.sql('SELECT 1 FROM audit_log LIMIT 0'); // this one's seal done
    const statements = [...hub.statements];
    // (Prisma logs a transaction's COMMIT, not its BEGIN) the sealer's transactions each take its lock first
    const commits = statements.filter((q) => /^\s*COMMIT/i.test(q));
    const seals = statements.filter((q) => /pg_advisory_xact_lock/.test(q));
    expect(commits.length, statements.join('\n')).toBe(1 + seals.length);
    const commit = statements.findIndex((q) => /^\s*COMMIT/i.test(q));
    expect(commit, statements.join('\n')).toBeGreaterThan(0);
    // the mutation's own transaction: its audit row waits for the sealer, no lock is taken
    const own = statements.slice(0, commit);
    expect(own.filter((q) => /advisory/.test(q))).toEqual([]);
    expect(own.filter((q) => /INSERT INTO "public"."audit_pending"/.test(q))).toHaveLength(1);
    // the hand-off marks the rows it enqueued in one statement, after the commit
    expect(statements.slice(commit + 1).filter((q) => /outbox/i.test(q))).toHaveLength(1);
  });
});
