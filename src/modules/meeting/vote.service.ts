/**
 * Biểu quyết — votes on a meeting's items. The convening agency opens and closes a vote; each
 * member (the chair included) casts one ballot, in the room or remotely, bound to their own
 * authenticated identity (the `sub` the convener named for them) and to the meeting's agency; the
 * ballot's canonical content is hashed into the audit chain. A second ballot is refused, so is a
 * ballot for someone else. The tally is written once, when the vote closes: more than half of the
 * members voting is the quorum; a closed vote takes no ballot and never changes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors.js';
import { isUuid } from '../../common/text.js';
import { personOf, type HubContext } from '../../core/context.js';
import { checkText } from '../document/document.rules.js';
import { announceMeeting, convenersMeeting } from './meeting.common.js';
import { checkSignature, signedContent } from './signing.js';

const VOTERS = ['CHAIR', 'MEMBER'];

async function lockedVote(ctx: HubContext, voteId: string) {
  if (!isUuid(voteId)) throw new NotFoundError('No vote has this id');
  await ctx.db.$queryRaw`SELECT id FROM vote WHERE id = ${voteId}::uuid FOR UPDATE`;
  const v = await ctx.db.vote.findUnique({ where: { id: voteId } });
  if (!v) throw new NotFoundError('No vote has this id');
  return v;
}

/** The ballot's canonical content: its fields in a fixed order, as one JSON array. */
const ballotContent = (b: {
  voteId: string;
  participantId: string;
  choice: string;
  opinion: string | null;
  castAt: Date;
  nonce: string;
}) => JSON.stringify([b.voteId, b.participantId, b.choice, b.opinion ?? '', b.castAt.toISOString(), b.nonce]);

export const voteService = {
  async open(
    ctx: HubContext,
    input: { meetingId: string; itemPosition?: number | null; question: string; secret: boolean },
  ) {
    const m = await convenersMeeting(ctx, input.meetingId, 'opens and closes its votes');
    if (m.status !== 'PUBLISHED') throw new ConflictError('Votes are held in a published meeting');
    const question = checkText(input.question, 'question', 1000);
    if (!question) throw new BadUserInputError('"question" is required', { field: 'question' });
    const members = await ctx.db.meetingParticipant.count({ where: { meetingId: m.id, role: { in: VOTERS } } });
    if (!members) throw new ConflictError('The meeting has no member to vote');
    if (
      input.itemPosition != null &&
      !(await ctx.db.agendaItem.count({ where: { meetingId: m.id, position: input.itemPosition } }))
    )
      throw new BadUserInputError('No item of the programme has this position', { field: 'itemPosition' });
    const v = await ctx.db.vote.create({
      data: { meetingId: m.id, itemPosition: input.itemPosition ?? null, question, secret: input.secret, members },
    });
    ctx.auditTargets.push(m.id, v.id);
    await announceMeeting(ctx, m.id);
    return v;
  },

  async cast(
    ctx: HubContext,
    input: { voteId: string; choice: string; opinion?: string | null; signature?: string | null },
  ) {
    const caller = personOf(ctx, 'A ballot is cast by a person of the member’s agency, not by a system');
    const v = await lockedVote(ctx, input.voteId);
    // the member this person is: named by the convener with this identity, of this agency
    const member = await ctx.db.meetingParticipant.findFirst({
      where: {
        meetingId: v.meetingId,
        role: { in: VOTERS },
        subject: caller.id,
        agencyId: caller.agencyId,
      },
    });
    if (!member) throw new ForbiddenError("Only the meeting's members vote, each for themselves");
    if (v.status !== 'OPEN') throw new ConflictError('The vote is closed: its result does not change');
    if (await ctx.db.ballot.findUnique({ where: { voteId_participantId: { voteId: v.id, participantId: member.id } } }))
      throw new ConflictError('Your ballot is cast already: one ballot per member');
    const opinion = checkText(input.opinion, 'opinion', 2000) ?? null;
    if (input.choice === 'OTHER' && !opinion)
      throw new BadUserInputError('"Other opinion" says what it is (opinion)', { field: 'opinion' });
    // the member's own signature over what they chose, when they have a signing key (signing.ts)
    const signed = await checkSignature(
      ctx,
      caller.id,
      signedContent([v.id, input.choice, opinion ?? '']),
      input.signature,
    );
    const castAt = new Date();
    // a nonce nobody sees: with three possible choices, a bare hash would tell a secret ballot's
    const nonce = randomBytes(32).toString('hex');
    const contentHash = createHash('sha256')
      .update(ballotContent({ voteId: v.id, participantId: member.id, choice: input.choice, opinion, castAt, nonce }))
      .digest('hex');
    const ballot = await ctx.db.ballot.create({
      data: {
        voteId: v.id,
        participantId: member.id,
        choice: input.choice,
        opinion,
        contentHash,
        nonce,
        signature: signed?.signature ?? null,
        castBy: `${caller.kind}:${caller.id}`,
        castAt,
      },
    });
    // the audit row carries the ballot's hash: the chain seals what was cast
    ctx.auditTargets.push(v.id, ballot.id, `sha256:${contentHash}`, ...(signed ? [`jws-sha256:${signed.hash}`] : []));
    await announceMeeting(ctx, v.meetingId);
    return ballot;
  },

  async close(ctx: HubContext, voteId: string) {
    // the meeting first, then the vote: the order cancelling a meeting takes them in (no deadlock)
    const found = isUuid(voteId) ? await ctx.db.vote.findUnique({ where: { id: voteId } }) : null;
    if (!found) throw new NotFoundError('No vote has this id');
    await convenersMeeting(ctx, found.meetingId, 'opens and closes its votes');
    const v = await lockedVote(ctx, voteId);
    if (v.status !== 'OPEN') throw new ConflictError('The vote is closed already');
    const counts = await ctx.db.ballot.groupBy({ by: ['choice'], where: { voteId: v.id }, _count: { _all: true } });
    const of = (c: string) => counts.find((x) => x.choice === c)?._count._all ?? 0;
    const cast = counts.reduce((n, x) => n + x._count._all, 0);
    const closed = await ctx.db.vote.update({
      where: { id: v.id },
      data: {
        status: 'CLOSED',
        closedAt: new Date(),
        approve: of('APPROVE'),
        reject: of('REJECT'),
        other: of('OTHER'),
        quorumReached: cast * 2 > v.members,
      },
    });
    ctx.auditTargets.push(v.meetingId, v.id);
    await announceMeeting(ctx, v.meetingId);
    return closed;
  },
};
