/**
 * The access policy at the repositories: a caller's scope is their first argument, so a row of
 * another agency is not found whichever path asks (a new resolver, a `node(id)`), and the hub's
 * own work says EVERY_AGENCY out loud. The SYSTEM actor is its own role in the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERY_AGENCY, scopeOf, type Scope } from '../../src/core/access.js';
import type { Caller } from '../../src/modules/auth/caller.js';
import { dossierRepository } from '../../src/modules/dossier/dossier.repository.js';
import { SUBMIT, applicant, createProcedure } from '../support/dossiers.js';
import { ok, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
const WARD = '000.00.51.H24';
const WARD_B = '000.00.52.H24';
let code: string;
let ids: Record<string, string>;

const officer = (agency: string): Caller => ({
  kind: 'user',
  id: 'u',
  role: 'OFFICER',
  agencyId: ids[agency]!,
  agencyCode: agency,
});

beforeAll(async () => {
  hub = await startTestHub();
  const admin = await hub.token({ role: 'ADMIN' });
  await createProcedure(hub, admin);
  const ward = await hub.token({ role: 'OFFICER', agency: WARD });
  code = ok(await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, ward))
    .submitDossier.code;
  const rows = (await hub.sql('SELECT id, code FROM agency WHERE code = ANY($1)', [[WARD, WARD_B]])).rows;
  ids = Object.fromEntries(rows.map((r) => [r.code, r.id]));
});
afterAll(() => hub?.close());

describe('scopes', () => {
  it("finds a dossier for its own agency and for every agency's scope, never for another agency", async () => {
    const find = (s: Scope) => dossierRepository.findByCode(s, hub.prisma, code);
    expect((await find(scopeOf(officer(WARD))))?.code).toBe(code);
    expect(await find(scopeOf(officer(WARD_B)))).toBeNull();
    expect((await find(EVERY_AGENCY))?.code).toBe(code);
    // a LEADER reads everything; a person without an agency who is not ADMIN or LEADER reads nothing
    expect((await find(scopeOf({ ...officer(WARD), role: 'LEADER', agencyId: null })))?.code).toBe(code);
    expect(await find(scopeOf({ ...officer(WARD), agencyId: null }))).toBeNull();
    // and the locked paths, the lists, alike
    const locked = (s: Scope) => hub.prisma.$transaction((tx) => dossierRepository.lockByCode(s, tx, code));
    expect(await locked(scopeOf(officer(WARD_B)))).toBeNull();
    expect((await locked(scopeOf(officer(WARD))))?.code).toBe(code);
    const [{ rows }, total] = await dossierRepository.list(
      scopeOf(officer(WARD_B)),
      hub.prisma,
      { agencyId: null },
      { size: 10, take: 10, backward: false },
    );
    expect(rows.map((r) => r.code)).not.toContain(code);
    expect(await total).toBe(rows.length);
  });

  it("gives the SYSTEM actor every agency without a person's role", () => {
    const system: Caller = { kind: 'system', id: 'national-axis', role: 'SYSTEM', agencyId: null, agencyCode: null };
    expect(scopeOf(system)).toEqual(EVERY_AGENCY);
  });
});
