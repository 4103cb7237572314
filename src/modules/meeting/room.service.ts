/**
 * Phòng họp trực tuyến — online rooms through a video-conference provider. The provider today is
 * Jitsi Meet with JWT authentication (its token plugin): the hub signs, for each person taking
 * part, a token for the meeting's room only (HS256 with the deployment's app secret; `aud` jitsi,
 * `iss` the app id, `sub` the Jitsi domain, `room`, `context.user`), so nobody enters without an
 * invitation and no call to the provider is needed. The room's name is derived from the meeting
 * and the secret: it cannot be guessed from the meeting's id.
 */
import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { ForbiddenError, ServiceUnavailableError } from '../../common/errors.js';
import { personOf, type HubContext } from '../../core/context.js';
import type { MeetingRow } from './meeting.repository.js';

export interface OnlineRoom {
  url: string;
  room: string;
  token: string;
  expiresAt: Date;
}

interface VideoRooms {
  /** A way into the meeting's room for one person; `moderator` for the convening agency's. */
  issue(meeting: MeetingRow, person: { id: string; name: string; moderator: boolean }): Promise<OnlineRoom>;
}

class JitsiRooms implements VideoRooms {
  constructor(private readonly c: HubContext['config']['meetings']['rooms']) {}

  async issue(meeting: MeetingRow, person: { id: string; name: string; moderator: boolean }): Promise<OnlineRoom> {
    const base = this.c.url;
    if (!base) throw new ServiceUnavailableError('No video-conference provider is configured on this hub (JITSI_URL)');
    const room = `lth-${createHmac('sha256', this.c.secret).update(`room:${meeting.id}`).digest('hex').slice(0, 24)}`;
    const expiresAt = new Date(Math.floor(Date.now() / 1000 + this.c.tokenTtlS) * 1000);
    const token = await new SignJWT({
      room,
      context: { user: { id: person.id, name: person.name, moderator: person.moderator ? 'true' : 'false' } },
      moderator: person.moderator,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.c.appId)
      .setAudience('jitsi')
      .setSubject(new URL(base).hostname)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(new TextEncoder().encode(this.c.secret));
    return { url: `${base}/${room}`, room, token, expiresAt };
  }
}

/** The provider of this configuration (Jitsi Meet today; another provider is another class here). */
const videoRooms = (c: HubContext['config']['meetings']['rooms']): VideoRooms => new JitsiRooms(c);

/** The caller's way into an online or hybrid meeting's room; null for a meeting held only in a room, or not under way. */
export async function roomFor(ctx: HubContext, m: MeetingRow): Promise<OnlineRoom | null> {
  if (m.kind !== 'ONLINE' && m.kind !== 'HYBRID') return null;
  if (m.status !== 'PUBLISHED') return null;
  const caller = personOf(ctx, 'A room is entered by a person');
  const participants = await ctx.loaders.participantsByMeetingId.load(m.id);
  const convener = m.conveningAgencyId === caller.agencyId;
  const named = participants.find((p) => p.subject === caller.id && p.agencyId === caller.agencyId);
  // a named member enters as themselves; an invited agency sends whom it chooses; the convening
  // agency's staff run the meeting (moderators)
  const invited = participants.some((p) => p.agencyId === caller.agencyId && p.role === 'INVITED');
  if (!convener && !named && !invited)
    throw new ForbiddenError(
      'Only those taking part enter the meeting’s room: the members named, the agencies invited',
    );
  return videoRooms(ctx.config.meetings.rooms).issue(m, {
    id: caller.id,
    name: named?.name ?? caller.id,
    moderator: convener,
  });
}
