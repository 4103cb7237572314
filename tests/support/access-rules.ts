/**
 * Who may call what, the meetings' part (e-Cabinet and notifications): the rules access.test.ts
 * tries against every kind of caller. What each rule of a meeting means is tried in the meetings'
 * own tests; here, who may call at all (a nil id: NOT_FOUND once past the door).
 */
import type { GqlResult } from './hub.js';

export type CallerName = 'anonymous' | 'officerA' | 'systemA' | 'officerB' | 'leader' | 'admin';
/** 'ok', an error code the call must get (and change nothing), or checks on a successful answer. */
export type Expect =
  'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT' | ((r: GqlResult) => void);

export const everyoneAuthenticated = {
  anonymous: 'UNAUTHENTICATED',
  officerA: 'ok',
  systemA: 'ok',
  officerB: 'ok',
  leader: 'ok',
  admin: 'ok',
} as const;

/** Reaching the agency's own objects (none has the nil id); a LEADER reads only. */
const pastTheDoor = {
  ...everyoneAuthenticated,
  officerA: 'NOT_FOUND',
  systemA: 'NOT_FOUND',
  officerB: 'NOT_FOUND',
  leader: 'FORBIDDEN',
  admin: 'NOT_FOUND',
} as const;
/** A person's own act (a ballot, an answer, a comment, their preferences): no system, no person of no agency. */
const personsOnly = (then: Expect) =>
  ({ ...pastTheDoor, officerA: then, officerB: then, systemA: 'FORBIDDEN', admin: 'FORBIDDEN' }) as const;
const NIL = '00000000-0000-4000-8000-000000000000';

export const MEETING_RULES = {
  meeting: {
    query: () => '{ meeting(id: "00000000-0000-4000-8000-000000000000") { id } }',
    expect: everyoneAuthenticated,
  },
  meetings: { query: () => '{ meetings(first: 5) { totalCount } }', expect: everyoneAuthenticated },
  conveneMeeting: {
    query: () =>
      'mutation { conveneMeeting(input: { title: "", kind: ONLINE, startsAt: "2026-12-10T01:30:00Z", chairName: "x", participants: [], items: [] }) { id } }',
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'BAD_USER_INPUT',
      systemA: 'BAD_USER_INPUT',
      officerB: 'BAD_USER_INPUT',
      leader: 'FORBIDDEN',
      admin: 'FORBIDDEN',
    },
  },
  publishMeeting: {
    query: () => 'mutation { publishMeeting(id: "00000000-0000-4000-8000-000000000000") { id } }',
    expect: pastTheDoor,
  },
  openVote: {
    query: () =>
      'mutation { openVote(input: { meetingId: "00000000-0000-4000-8000-000000000000", question: "x" }) { id } }',
    expect: pastTheDoor,
  },
  castBallot: {
    query: () =>
      'mutation { castBallot(input: { voteId: "00000000-0000-4000-8000-000000000000", choice: APPROVE }) { id } }',
    expect: personsOnly('NOT_FOUND'),
  },
  setCurrentItem: {
    query: () => 'mutation { setCurrentItem(meetingId: "00000000-0000-4000-8000-000000000000", position: 1) { id } }',
    expect: pastTheDoor,
  },
  closeVote: {
    query: () => 'mutation { closeVote(id: "00000000-0000-4000-8000-000000000000") { id } }',
    expect: pastTheDoor,
  },
  answerInvitation: {
    query: () =>
      'mutation { answerInvitation(input: { participantId: "00000000-0000-4000-8000-000000000000", answer: ATTEND }) { id } }',
    expect: pastTheDoor,
  },
  updateMeeting: {
    query: () =>
      `mutation { updateMeeting(id: "${NIL}", input: { title: "x", kind: ONLINE, startsAt: "2026-12-10T01:30:00Z", chairName: "x", participants: [], items: [] }) { id } }`,
    expect: pastTheDoor,
  },
  cancelMeeting: {
    query: () => `mutation { cancelMeeting(id: "${NIL}", reason: "x") { id } }`,
    expect: pastTheDoor,
  },
  commentOnItem: {
    query: () => `mutation { commentOnItem(meetingId: "${NIL}", itemPosition: 1, body: "x") { id } }`,
    expect: personsOnly('NOT_FOUND'),
  },
  issueConclusion: {
    query: () =>
      `mutation { issueConclusion(input: { meetingId: "${NIL}", tasks: [], document: { idempotencyKey: "k", codeNumber: "1", typeCode: 7, typeName: "Thông báo", subject: "x", promulgationDate: "2026-12-01" } }) { id } }`,
    expect: pastTheDoor,
  },
  reportTaskProgress: {
    query: () => `mutation { reportTaskProgress(input: { taskId: "${NIL}", progress: 10 }) { id } }`,
    expect: pastTheDoor,
  },
  meetingTasks: { query: () => '{ meetingTasks { id } }', expect: everyoneAuthenticated },
  opinionForms: { query: () => '{ opinionForms { id } }', expect: everyoneAuthenticated },
  opinionForm: { query: () => `{ opinionForm(id: "${NIL}") { id } }`, expect: everyoneAuthenticated },
  sendOpinionForm: {
    query: () =>
      `mutation { sendOpinionForm(input: { title: "", questions: [], deadline: "2099-01-01T00:00:00Z", recipients: [] }) { id } }`,
    // an agency's person or system sends; a person of no agency has none to send for
    expect: {
      ...pastTheDoor,
      officerA: 'BAD_USER_INPUT',
      systemA: 'BAD_USER_INPUT',
      officerB: 'BAD_USER_INPUT',
      admin: 'FORBIDDEN',
    },
  },
  answerOpinionForm: {
    query: () => `mutation { answerOpinionForm(formId: "${NIL}", answers: []) { id } }`,
    expect: personsOnly('NOT_FOUND'),
  },
  myNotificationPreferences: {
    query: () => '{ myNotificationPreferences { channels } }',
    expect: { ...everyoneAuthenticated, systemA: 'FORBIDDEN', leader: 'FORBIDDEN', admin: 'FORBIDDEN' },
  },
  mySigningKey: {
    query: () => '{ mySigningKey { thumbprint } }',
    expect: { ...everyoneAuthenticated, systemA: 'FORBIDDEN' },
  },
  registerSigningKey: {
    query: () => 'mutation { registerSigningKey(publicKeyJwk: { kty: "RSA" }) { thumbprint } }',
    expect: personsOnly('BAD_USER_INPUT'),
  },
  revokeSigningKey: {
    query: () => 'mutation { revokeSigningKey(subject: "nobody-has-this") { thumbprint } }',
    expect: {
      anonymous: 'UNAUTHENTICATED',
      officerA: 'FORBIDDEN',
      systemA: 'FORBIDDEN',
      officerB: 'FORBIDDEN',
      leader: 'FORBIDDEN',
      admin: 'NOT_FOUND',
    },
  },
  myNotifications: {
    query: () => '{ myNotifications { id } }',
    expect: { ...everyoneAuthenticated, systemA: 'FORBIDDEN', leader: 'FORBIDDEN', admin: 'FORBIDDEN' },
  },
  setNotificationPreferences: {
    query: () => 'mutation { setNotificationPreferences(input: { channels: [] }) { channels } }',
    expect: personsOnly('ok'),
  },
} satisfies Record<string, { query: () => string; expect: Record<CallerName, Expect> }>;
