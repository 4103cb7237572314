/**
 * Who may call what: every root query and mutation against every kind of caller. A new root field
 * makes the first test fail until its rules are added here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubSchema } from '../../src/graphql/schema.js';
import { codeOf, startTestHub, type GqlResult, type TestHub } from '../support/hub.js';
import { sendInput } from '../support/documents.js';
import { applicant, createProcedure } from '../support/dossiers.js';
import { PAYER_INLINE, setCollectionAccounts } from '../support/payments.js';
import { everyoneAuthenticated, MEETING_RULES, type CallerName, type Expect } from '../support/access-rules.js';

let hub: TestHub;
const auth = {} as Record<CallerName, string | null>;
const A = '000.00.51.H24';
const B = '000.00.52.H24';
let keyOfB = '';
/** documents of agency B to the city: agency A has nothing to do with them */
const docOfB = { read: '', revoke: '', update: '', delivery: '', event: '', edxml: '' };
const CITY = '000.00.00.H24';
let resultSha = '';

beforeAll(async () => {
  // every field is tried anonymously: more refusals from one address than a minute allows a stranger
  hub = await startTestHub({ ANONYMOUS_REFUSALS_PER_MINUTE: '100000', OUTBOUND_ALLOW: '127.0.0.1' });
  auth.anonymous = null;
  auth.officerA = await hub.token({ role: 'OFFICER', agency: A, sub: 'officer-a' });
  auth.officerB = await hub.token({ role: 'OFFICER', agency: B, sub: 'officer-b' });
  auth.leader = await hub.token({ role: 'LEADER', sub: 'leader' });
  auth.admin = await hub.token({ role: 'ADMIN', sub: 'admin' });
  const issue = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret apiKey { id } } }`;
  const a = await hub.gql(issue, { input: { agencyCode: A, name: 'hệ thống A' } }, auth.admin);
  auth.systemA = `ApiKey ${a.data.issueApiKey.secret}`;
  const b = await hub.gql(issue, { input: { agencyCode: B, name: 'hệ thống B' } }, auth.admin);
  keyOfB = b.data.issueApiKey.apiKey.id;
  // audit entries of agency B's officer (a refused mutation) for the auditLog scoping check
  await hub.gql(`mutation { revokeApiKey(id: "${keyOfB}") { id } }`, {}, auth.officerB);

  const cityOfficer = await hub.token({ role: 'OFFICER', agency: CITY });
  const send = async () =>
    (
      await hub.gql(
        `mutation($input: SendDocumentInput!) { sendDocument(input: $input) { id deliveries { id } } }`,
        { input: sendInput({ recipientCodes: [CITY] }) },
        auth.officerB,
      )
    ).data.sendDocument;
  const read = await send();
  docOfB.read = read.id;
  docOfB.delivery = read.deliveries[0].id;
  docOfB.revoke = (await send()).id;
  docOfB.update = (await send()).id;
  const ev = await hub.gql(
    `mutation($input: DeliveryStatusInput!) { reportDeliveryStatus(input: $input) { event { id } } }`,
    { input: { deliveryId: docOfB.delivery, status: 'ARRIVED' } },
    cityOfficer,
  );
  docOfB.event = ev.data.reportDeliveryStatus.event.id;
  docOfB.edxml = (
    await hub.gql(`query($id: ID!) { documentEdxml(id: $id) }`, { id: docOfB.read }, auth.officerB)
  ).data.documentEdxml;

  await createProcedure(hub, auth.admin!, { agencyCodes: [A, B] });
  await setCollectionAccounts(hub, [B]);
  for (const code of ['000.00.52.H24-ACCESS-0001', '000.00.52.H24-ACCESS-0002']) {
    const r = await hub.gql(
      `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }`,
      { input: { code, procedureCode: '1.001193', applicant, channel: 'IN_PERSON' } },
      auth.officerB,
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
  }
  const up = await fetch(`${hub.url}/attachments`, {
    method: 'POST',
    headers: { authorization: auth.officerB! },
    body: new Uint8Array(Buffer.from('kết quả')),
  });
  resultSha = ((await up.json()) as { sha256: string }).sha256;
});
afterAll(() => hub?.close());

const ok = (r: GqlResult) => expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
const officers: CallerName[] = ['officerA', 'systemA'];

interface Rule {
  query: () => string;
  variables?: () => Record<string, unknown>;
  expect: Record<CallerName, Expect>;
  /** for mutations: a check that a refused call changed nothing */
  unchanged?: () => Promise<unknown>;
}

const readersOnly = {
  anonymous: 'UNAUTHENTICATED',
  officerA: 'FORBIDDEN',
  systemA: 'FORBIDDEN',
  officerB: 'FORBIDDEN',
  leader: 'ok',
  admin: 'ok',
} as const;
const some = (field: string) => (r: GqlResult) => expect(r.data[field].totalCount).toBeGreaterThan(0);
const documentCount = async () => (await hub.sql('SELECT count(*)::int AS n FROM document')).rows[0].n;
/** Agency B's own writes, and an ADMIN's: allowed. Agency A, its system and a LEADER: refused, nothing changed. */
const ownerOnly = (outsider: Expect) =>
  ({
    anonymous: 'UNAUTHENTICATED',
    officerA: outsider,
    systemA: outsider,
    officerB: 'ok',
    leader: 'FORBIDDEN',
    admin: 'ok',
  }) as const;

const auditAgencies = (r: GqlResult) => new Set(r.data.auditLog.edges.map((e: any) => e.node.agencyCode));

const adminOnly = {
  anonymous: 'UNAUTHENTICATED',
  officerA: 'FORBIDDEN',
  systemA: 'FORBIDDEN',
  officerB: 'FORBIDDEN',
  leader: 'FORBIDDEN',
  admin: 'ok',
} as const;
const dossierCount = async () => (await hub.sql('SELECT count(*)::int AS n FROM dossier')).rows[0].n;

const RULES: Record<string, Rule> = {
  procedure: { query: () => '{ procedure(code: "1.001193") { code } }', expect: everyoneAuthenticated },
  procedures: { query: () => '{ procedures(first: 5) { totalCount } }', expect: everyoneAuthenticated },
  calendar: {
    query: () => '{ calendar(year: 2026) { year confirmed days { date kind } } }',
    expect: everyoneAuthenticated,
  },
  calendarStatus: { query: () => '{ calendarStatus { horizon warning } }', expect: readersOnly },
  jobs: { query: () => '{ jobs(queue: PORTAL, state: COMPLETED, first: 5) { totalCount } }', expect: readersOnly },
  ...MEETING_RULES,
  schedules: { query: () => '{ schedules { id nextRunAt } }', expect: readersOnly },
  workerProcesses: { query: () => '{ workerProcesses { id lastBeatAt } }', expect: readersOnly },
  operatorWarnings: { query: () => '{ operatorWarnings { kind message } }', expect: readersOnly },
  upsertProcedure: {
    query: () =>
      `mutation { upsertProcedure(input: { code: "1.009999", name: "Thủ tục thử", fieldCode: "T", fieldName: "Thử", processingDays: 3, onlineLevel: 2, onlineType: NONE, validFrom: "2020-01-01", agencyCodes: ["${A}"] }) { code } }`,
    expect: adminOnly,
    unchanged: async () => (await hub.sql('SELECT count(*)::int AS n FROM procedure')).rows[0].n,
  },
  setCollectionAccount: {
    query: () =>
      `mutation { setCollectionAccount(agencyCode: "${A}", input: { account: "3511.0.999", bankCode: "01201001", accountName: "Thử" }) { code } }`,
    expect: adminOnly,
    unchanged: async () =>
      (await hub.sql('SELECT collection_account FROM agency WHERE code = $1', [A])).rows[0].collection_account,
  },
  setCalendarDay: {
    query: () =>
      'mutation { setCalendarDay(input: { date: "2026-12-24", kind: DAY_OFF, name: "Thử", source: "Công văn thử" }) { date } }',
    expect: adminOnly,
    unchanged: async () => (await hub.sql('SELECT count(*)::int AS n FROM calendar_day')).rows[0].n,
  },
  removeCalendarDay: {
    query: () => 'mutation { removeCalendarDay(date: "2026-01-01") }',
    expect: adminOnly,
    unchanged: async () => (await hub.sql('SELECT count(*)::int AS n FROM calendar_day')).rows[0].n,
  },
  confirmCalendarYear: {
    query: () => 'mutation { confirmCalendarYear(year: 2027, source: "Quyết định thử") { confirmed } }',
    expect: adminOnly,
    unchanged: async () => (await hub.sql('SELECT confirmed FROM calendar_year WHERE year = 2027')).rows[0].confirmed,
  },
  deriveCalendarYear: {
    query: () => 'mutation { deriveCalendarYear(year: 2028) { derived } }',
    expect: adminOnly,
    unchanged: async () => (await hub.sql('SELECT count(*)::int AS n FROM calendar_year')).rows[0].n,
  },
  dossier: {
    query: () => '{ dossier(code: "000.00.52.H24-ACCESS-0001") { code applicant { idNumber } } }',
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: (r) => expect(r.data.dossier.applicant.idNumber).toBe(applicant.idNumber),
      leader: 'ok',
      admin: 'ok',
    },
  },
  dossiers: {
    query: () => `{ dossiers(first: 5, agencyCode: "000.00.52.H24") { totalCount } }`,
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: some('dossiers'),
      leader: some('dossiers'),
      admin: some('dossiers'),
    },
  },
  publicDossierStatus: {
    query: () => '{ publicDossierStatus(code: "000.00.52.H24-ACCESS-0001", phoneLast4: "5678") { code status } }',
    // the applicant's own lookup: no account needed, and it shows only the status
    expect: {
      anonymous: (r) => expect(r.data.publicDossierStatus.code).toBe('000.00.52.H24-ACCESS-0001'),
      officerA: 'ok',
      systemA: 'ok',
      officerB: 'ok',
      leader: 'ok',
      admin: 'ok',
    },
  },
  submitDossier: {
    query: () => `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }`,
    variables: () => ({
      input: { receivingAgencyCode: B, procedureCode: '1.001193', applicant, channel: 'IN_PERSON' },
    }),
    expect: ownerOnly('FORBIDDEN'),
    unchanged: dossierCount,
  },
  moveDossier: {
    query: () =>
      'mutation { moveDossier(code: "000.00.52.H24-ACCESS-0002", input: { status: IN_PROCESS }) { status } }',
    expect: { ...ownerOnly('NOT_FOUND'), admin: 'BAD_USER_INPUT' }, // B moved it to 4 already
    unchanged: async () =>
      (await hub.sql(`SELECT status FROM dossier WHERE code = '000.00.52.H24-ACCESS-0002'`)).rows[0].status,
  },
  attachDossierResult: {
    query: () =>
      `mutation { attachDossierResult(code: "000.00.52.H24-ACCESS-0001", sha256: "${resultSha}", name: "kq.pdf") { sha256 } }`,
    expect: ownerOnly('NOT_FOUND'),
    unchanged: async () => (await hub.sql('SELECT count(*)::int AS n FROM dossier_result')).rows[0].n,
  },
  kpiTargets: {
    query: () => '{ kpiTargets(on: "2026-06-01") { indicator level value } }',
    expect: {
      ...everyoneAuthenticated,
      admin: (r) =>
        expect(r.data.kpiTargets).toContainEqual({ indicator: 'ONLINE_RATE', level: 'MINISTRY', value: 80 }),
    },
  },
  setKpiTarget: {
    query: () =>
      'mutation { setKpiTarget(indicator: ONLINE_RATE, level: COMMUNE, periodStart: "2026-01-01", value: 50) { value } }',
    expect: adminOnly,
    unchanged: async () => (await hub.sql('SELECT count(*)::int AS n FROM kpi_target')).rows[0].n,
  },
  queues: { query: () => '{ queues { name } }', expect: readersOnly },
  requestPayment: {
    query: () =>
      `mutation { requestPayment(input: { agencyCode: "000.00.52.H24", kind: CHARGE, amount: 8000, payerName: "Người nộp", ${PAYER_INLINE}, dossierCode: "000.00.52.H24-ACCESS-0001" }) { id } }`,
    expect: ownerOnly('FORBIDDEN'),
    unchanged: async () => (await hub.sql('SELECT count(*)::int AS n FROM payment')).rows[0].n,
  },
  reconcilePayments: { query: () => 'mutation { reconcilePayments(day: "2026-11-01") }', expect: adminOnly },
  reconciliation: { query: () => '{ reconciliation(day: "2026-11-01") { day } }', expect: readersOnly },
  retryPayment: {
    query: () => 'mutation { retryPayment(id: "00000000-0000-0000-0000-000000000000") { status } }',
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'NOT_FOUND',
      systemA: 'NOT_FOUND',
      officerB: 'NOT_FOUND',
      leader: 'FORBIDDEN',
      admin: 'NOT_FOUND',
    },
  },
  payments: {
    query: () => '{ payments(first: 5, agencyCode: "000.00.52.H24") { totalCount } }',
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: 'ok',
      leader: 'ok',
      admin: 'ok',
    },
  },
  paymentTotals: {
    query: () => '{ paymentTotals(agencyCode: "000.00.52.H24") { count } }',
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: 'ok',
      leader: 'ok',
      admin: 'ok',
    },
  },
  importProcedureCatalog: { query: () => 'mutation { importProcedureCatalog }', expect: adminOnly },
  failedJobs: { query: () => '{ failedJobs(queue: PORTAL) { id } }', expect: readersOnly },
  outboxBacklog: { query: () => '{ outboxBacklog }', expect: readersOnly },
  anonymousRefusals: { query: () => '{ anonymousRefusals(hours: 2) { hour count } }', expect: readersOnly },
  failedOutbox: { query: () => '{ failedOutbox(first: 5) { id } }', expect: readersOnly },
  retryOutbox: { query: () => 'mutation { retryOutbox(id: "999999999") }', expect: adminOnly },
  breakers: { query: () => '{ breakers { state } }', expect: readersOnly },
  retryJob: {
    query: () => 'mutation { retryJob(queue: PORTAL, jobId: "nothing-failed") }',
    expect: { ...adminOnly, admin: 'NOT_FOUND' },
  },
  retryFailedJobs: { query: () => 'mutation { retryFailedJobs(queue: PORTAL) }', expect: adminOnly },
  pauseQueue: { query: () => 'mutation { pauseQueue(queue: MAINTENANCE) }', expect: adminOnly },
  resumeQueue: { query: () => 'mutation { resumeQueue(queue: MAINTENANCE) }', expect: adminOnly },
  kpiReport: {
    query: () => '{ kpiReport(from: "2026-01-01", to: "2026-12-31") { rows { received } } }',
    expect: readersOnly,
  },
  document: {
    query: () => `{ document(id: "${docOfB.read}") { id } }`,
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: (r) => expect(r.data.document.id).toBe(docOfB.read),
      leader: 'ok',
      admin: 'ok',
    },
  },
  node: {
    query: () => `{ node(id: "${docOfB.read}") { id ... on Document { subject } } }`,
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: (r) => expect(r.data.node.id).toBe(docOfB.read),
      leader: 'ok',
      admin: 'ok',
    },
  },
  documents: {
    query: () => `{ documents(first: 5, agencyCode: "000.00.52.H24") { totalCount } }`,
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: some('documents'),
      leader: some('documents'),
      admin: some('documents'),
    },
  },
  inbox: {
    query: () => `{ inbox(first: 5, agencyCode: "${CITY}") { totalCount } }`,
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: 'FORBIDDEN',
      leader: some('inbox'),
      admin: some('inbox'),
    },
  },
  documentEdxml: {
    query: () => `{ documentEdxml(id: "${docOfB.read}") }`,
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: 'ok',
      leader: 'ok',
      admin: 'ok',
    },
  },
  deliveryEventEdxml: {
    query: () => `{ deliveryEventEdxml(id: "${docOfB.event}") }`,
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: 'ok',
      leader: 'ok',
      admin: 'ok',
    },
  },
  documentStats: {
    query: () => '{ documentStats(from: "2026-01-01", to: "2026-12-31") { byLevel { sent } } }',
    expect: readersOnly,
  },
  webhookCalls: { query: () => '{ webhookCalls(first: 5) { totalCount } }', expect: everyoneAuthenticated },
  sendDocument: {
    query: () => `mutation($input: SendDocumentInput!) { sendDocument(input: $input) { id } }`,
    variables: () => ({ input: sendInput({ senderCode: '000.00.52.H24', recipientCodes: [CITY] }) }),
    expect: ownerOnly('FORBIDDEN'),
    unchanged: documentCount,
  },
  reportDeliveryStatus: {
    query: () =>
      `mutation { reportDeliveryStatus(input: { deliveryId: "${docOfB.delivery}", status: TAKE_BACK_REQUESTED }) { delivery { pendingChange } } }`,
    expect: { ...ownerOnly('NOT_FOUND'), admin: 'BAD_USER_INPUT' }, // the sender asked already
    unchanged: async () =>
      (await hub.sql('SELECT pending_change FROM delivery WHERE id = $1', [docOfB.delivery])).rows[0].pending_change,
  },
  revokeDocument: {
    query: () => `mutation { revokeDocument(id: "${docOfB.revoke}") { revokedAt } }`,
    expect: { ...ownerOnly('NOT_FOUND'), admin: 'CONFLICT' }, // revoked already by its sender
    unchanged: async () =>
      (await hub.sql('SELECT revoked_at FROM document WHERE id = $1', [docOfB.revoke])).rows[0].revoked_at,
  },
  updateDocument: {
    query: () => `mutation { updateDocument(id: "${docOfB.update}", input: { subject: "Sửa trích yếu" }) { version } }`,
    expect: ownerOnly('NOT_FOUND'),
    unchanged: async () =>
      (await hub.sql('SELECT version FROM document WHERE id = $1', [docOfB.update])).rows[0].version,
  },
  importEdxml: {
    query: () => `mutation($p: String!) { importEdxml(package: $p) { document { id } } }`,
    variables: () => ({ p: docOfB.edxml }),
    expect: ownerOnly('FORBIDDEN'),
    unchanged: documentCount,
  },
  setWebhook: {
    query: () => `mutation { setWebhook(url: "http://127.0.0.1:9/hook", agencyCode: "000.00.52.H24") { url } }`,
    expect: ownerOnly('FORBIDDEN'),
    unchanged: async () => (await hub.sql('SELECT count(*)::int AS n FROM webhook')).rows[0].n,
  },
  removeWebhook: {
    query: () => `mutation { removeWebhook(agencyCode: "000.00.52.H24") }`,
    expect: ownerOnly('FORBIDDEN'),
    unchanged: async () => (await hub.sql('SELECT count(*)::int AS n FROM webhook')).rows[0].n,
  },
  me: { query: () => '{ me { role } }', expect: everyoneAuthenticated },
  agency: { query: () => `{ agency(code: "${B}") { code } }`, expect: everyoneAuthenticated },
  agencies: { query: () => '{ agencies(first: 3) { totalCount } }', expect: everyoneAuthenticated },
  apiKeys: {
    query: () => '{ apiKeys(first: 10) { totalCount edges { node { prefix } } } }',
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: 'FORBIDDEN',
      leader: 'ok',
      admin: 'ok',
    },
  },
  auditLog: {
    query: () => `{ auditLog(first: 100, agencyCode: "${B}") { totalCount edges { node { agencyCode } } } }`,
    expect: {
      anonymous: 'UNAUTHENTICATED',
      // another agency's trail, named: refused, not even its size shown
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: (r) => expect([...auditAgencies(r)]).toEqual([B]),
      leader: (r) => expect([...auditAgencies(r)]).toEqual([B]),
      admin: (r) => expect([...auditAgencies(r)]).toEqual([B]),
    },
  },
  auditChain: {
    query: () => '{ auditChain { ok } }',
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: 'FORBIDDEN',
      leader: 'ok',
      admin: 'ok',
    },
  },
  issueApiKey: {
    query: () => `mutation { issueApiKey(input: { agencyCode: "${A}", name: "thử quyền" }) { secret } }`,
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: 'FORBIDDEN',
      leader: 'FORBIDDEN',
      admin: 'ok',
    },
    unchanged: async () => (await hub.sql('SELECT count(*)::int AS n FROM api_key')).rows[0].n,
  },
  revokeApiKey: {
    query: () => `mutation { revokeApiKey(id: "${keyOfB}") { id } }`,
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: 'FORBIDDEN',
      leader: 'FORBIDDEN',
      admin: 'ok',
    },
    unchanged: async () => (await hub.sql('SELECT revoked_at FROM api_key WHERE id = $1', [keyOfB])).rows[0].revoked_at,
  },
};

it('has a rule for every root query and mutation of the schema', async () => {
  const schema = await hubSchema();
  const fields = [
    ...Object.keys(schema.getQueryType()!.getFields()),
    ...Object.keys(schema.getMutationType()?.getFields() ?? {}),
  ];
  expect(Object.keys(RULES).sort()).toEqual(fields.sort());
});

describe.each(Object.entries(RULES))('%s', (field, rule) => {
  // Admin last: its mutations succeed and would change what the others see.
  const callers: CallerName[] = ['anonymous', ...officers, 'officerB', 'leader', 'admin'];
  it.each(callers)('as %s', async (caller) => {
    const before = await rule.unchanged?.();
    const r = await hub.gql(rule.query(), rule.variables?.(), auth[caller]);
    const want = rule.expect[caller];
    if (want === 'ok') ok(r);
    else if (typeof want === 'function') {
      ok(r);
      want(r);
    } else {
      expect(codeOf(r), `${field} as ${caller}`).toBe(want);
      expect(r.data?.[field] ?? null).toBeNull();
      if (rule.unchanged) expect(await rule.unchanged()).toEqual(before);
    }
  });
});
