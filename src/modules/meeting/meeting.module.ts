/** Cuộc họp — meetings and work handling (e-Cabinet): what this module brings to the hub. */
import { AgendaItemResolver, MeetingParticipantResolver, MeetingResolver } from './meeting.resolver.js';
import { BallotResolver, MeetingVotesResolver, VoteResolver } from './vote.resolver.js';
import { OpinionFormResolver, OpinionRecipientResolver } from './opinion.resolver.js';
import { MeetingTaskResolver, MeetingTasksResolver } from './task.resolver.js';
import { MeetingKpiResolver } from './meeting-kpi.resolver.js';
import { SigningKeyResolver } from './signing.resolver.js';
import { createMeetingLoaders } from './meeting.loaders.js';
import {
  meetingJobs,
  meetingSchedules,
  meetingSweepHandler,
  opinionOverdueHandler,
  opinionRemindHandler,
} from './meeting.jobs.js';
import { visibleMeeting } from './meeting.service.js';
import { defineModule } from '../module.js';
import { ForbiddenError } from '../../common/errors.js';

export const meetingModule = defineModule({
  name: 'meeting',
  resolvers: [
    MeetingResolver,
    MeetingParticipantResolver,
    AgendaItemResolver,
    VoteResolver,
    MeetingVotesResolver,
    BallotResolver,
    OpinionFormResolver,
    OpinionRecipientResolver,
    MeetingTaskResolver,
    MeetingTasksResolver,
    MeetingKpiResolver,
    SigningKeyResolver,
  ],
  loaders: createMeetingLoaders,
  jobs: meetingJobs,
  handlers: [opinionRemindHandler, opinionOverdueHandler, meetingSweepHandler],
  schedules: meetingSchedules,
  nodes: [
    {
      typename: 'Meeting',
      table: 'meeting',
      load: (ctx, id): Promise<object | null> =>
        visibleMeeting(ctx, id).catch((err: unknown) => {
          if (err instanceof ForbiddenError) return null;
          throw err;
        }),
    },
  ],
});
