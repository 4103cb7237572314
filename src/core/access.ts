/**
 * The access policy every adapter applies in one place. LEADER reads everything and writes
 * nothing: GraphQL mutations (guard.ts) and the HTTP routes that write call `assertMayWrite`.
 */
import { ForbiddenError } from '../common/errors.js';
import type { Caller } from '../modules/auth/caller.js';

export function assertMayWrite(caller: Caller | null): void {
  if (caller?.role === 'LEADER') throw new ForbiddenError('A LEADER reads everything and writes nothing');
}
