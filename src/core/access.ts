/**
 * The access policy, in one place, for every adapter (GraphQL, HTTP routes, jobs).
 *
 * - ADMIN acts for every agency; the SYSTEM actor (the hub itself) too, without being a person's role.
 * - LEADER reads everything and writes nothing: GraphQL mutations (guard.ts) and the HTTP routes
 *   that write call `assertMayWrite`.
 * - Anyone else (an officer, an agency's key, a gateway settling a payment) reads and writes its
 *   own agency's rows only.
 *
 * A caller's `Scope` is what repositories take as their first argument when they read rows that
 * belong to agencies: an out-of-scope row is not found, whichever path asks.
 */
import { ForbiddenError } from '../common/errors.js';
import type { Caller } from '../modules/auth/caller.js';

/** Acts for every agency: ADMIN, and the hub itself. */
export const actsForEveryAgency = (c: Caller) => c.role === 'ADMIN' || c.role === 'SYSTEM';

/** Reads every agency's rows: those who act for every agency, and LEADER. */
export const readsEverything = (c: Caller) => actsForEveryAgency(c) || c.role === 'LEADER';

/** May act for this agency (write, or read what only its own agency reads). */
export const actsFor = (c: Caller, agencyId: string | null | undefined) =>
  actsForEveryAgency(c) || (!!agencyId && c.agencyId === agencyId);

export function assertMayWrite(caller: Caller | null): void {
  if (caller?.role === 'LEADER') throw new ForbiddenError('A LEADER reads everything and writes nothing');
}

/**
 * Whose rows a read may return: every agency's (`agencyId` null), or one agency's. A caller with
 * neither (a person without an agency who is not ADMIN or LEADER) reads nothing.
 */
export type Scope =
  { readonly all: true; readonly agencyId: null } | { readonly all: false; readonly agencyId: string };

/** An agency id no agency has: the scope of a caller without an agency reads nothing. */
const NOTHING = '00000000-0000-0000-0000-000000000000';

/** What an unauthenticated request reads through the scoped paths: nothing. */
export const NO_ONE: Scope = { all: false, agencyId: NOTHING };

/** Every agency's rows (the hub's own work: the outbox, the portal sync, reconciliation). */
export const EVERY_AGENCY: Scope = { all: true, agencyId: null };

export function scopeOf(caller: Caller): Scope {
  if (readsEverything(caller)) return EVERY_AGENCY;
  return caller.agencyId ? { all: false, agencyId: caller.agencyId } : NO_ONE;
}
