/** Who is calling: a person (JWT) or an agency system (API key). */
import type { Role } from '../../generated/prisma/enums.js';

export interface Caller {
  /**
   * a person (JWT), an agency system (API key), the hub itself (workers acting for the national
   * axis), or an upstream gateway calling back (the payment platform, PayGov): a gateway acts for
   * the agency whose payment it settles, with that agency's rights and no more
   */
  kind: 'user' | 'apiKey' | 'system' | 'gateway';
  /** JWT subject, or the API key's id */
  id: string;
  /** a person's or a key's role; SYSTEM is the hub itself (no person or key has it) */
  role: Role | 'SYSTEM';
  /** the agency the caller acts for; null only for ADMIN or LEADER people without one */
  agencyId: string | null;
  agencyCode: string | null;
}
