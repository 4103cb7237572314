/** Biểu quyết — the GraphQL side of votes: open, cast, close; a meeting's votes and ballots. */
import { Arg, Ctx, FieldResolver, ID, Int, Resolver, Root } from 'type-graphql';
import { MeetingParticipantType } from './meeting.type.js';
import type { HubContext } from '../../core/context.js';
import { HubMutation } from '../../graphql/guard.js';
import type { Parent } from '../../graphql/connection.js';
import { MeetingType } from './meeting.type.js';
import { voteService } from './vote.service.js';
import { BallotInput, BallotType, OpenVoteInput, VoteType } from './vote.type.js';

@Resolver(() => VoteType)
export class VoteResolver {
  @HubMutation(() => VoteType, {
    description: 'Mở biểu quyết — put a question to the members of your agency’s published meeting',
  })
  openVote(
    @Arg('input', () => OpenVoteInput, { description: 'Biểu quyết — the question' }) input: OpenVoteInput,
    @Ctx() ctx: HubContext,
  ) {
    return voteService.open(ctx, input);
  }

  @HubMutation(() => BallotType, {
    description:
      'Bỏ phiếu — your own ballot, as the member the convener named with your identity, in the room or remotely; one per vote',
  })
  castBallot(
    @Arg('input', () => BallotInput, { description: 'Phiếu — the vote and your choice' }) input: BallotInput,
    @Ctx() ctx: HubContext,
  ) {
    return voteService.cast(ctx, input);
  }

  @HubMutation(() => VoteType, {
    description: 'Kết thúc biểu quyết — close the vote and tally it; the result never changes afterwards',
  })
  closeVote(@Arg('id', () => ID, { description: 'Mã — the vote' }) id: string, @Ctx() ctx: HubContext) {
    return voteService.close(ctx, id);
  }

  @FieldResolver(() => Int, { description: 'Số phiếu đã bỏ — ballots cast so far' })
  async ballotsCast(@Root() v: Parent<VoteType>, @Ctx() ctx: HubContext): Promise<number> {
    return (await ctx.loaders.ballotsByVoteId.load(v.id)).length;
  }

  @FieldResolver(() => [BallotType], {
    description: 'Các phiếu — each member’s ballot (none for a secret vote: who chose what is never shown)',
  })
  async ballots(@Root() v: Parent<VoteType>, @Ctx() ctx: HubContext) {
    return v.secret ? [] : ctx.loaders.ballotsByVoteId.load(v.id);
  }
}

@Resolver(() => MeetingType)
export class MeetingVotesResolver {
  @FieldResolver(() => [VoteType], { description: 'Biểu quyết — the meeting’s votes, oldest first' })
  votes(@Root() m: Parent<MeetingType>, @Ctx() ctx: HubContext) {
    return ctx.loaders.votesByMeetingId.load(m.id);
  }
}

@Resolver(() => BallotType)
export class BallotResolver {
  @FieldResolver(() => MeetingParticipantType, {
    description: 'Thành viên — the member who cast it (ballots are listed for open votes only)',
  })
  async member(@Root() b: Parent<BallotType>, @Ctx() ctx: HubContext) {
    return ctx.loaders.participantById.load(b.participantId);
  }
}
