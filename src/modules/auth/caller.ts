/** Who is calling: a person (JWT) or an agency system (API key). */
import type { Role } from '../../generated/prisma/enums.js';

export interface Caller {
  kind: 'user' | 'apiKey';
  /** JWT subject, or the API key's id */
  id: string;
  role: Role;
  /** the agency the caller acts for; null only for ADMIN or LEADER people without one */
  agencyId: string | null;
  agencyCode: string | null;
}

export const isAdmin = (c: Caller) => c.role === 'ADMIN';
/** ADMIN and LEADER read everything. */
export const readsEverything = (c: Caller) => c.role === 'ADMIN' || c.role === 'LEADER';
