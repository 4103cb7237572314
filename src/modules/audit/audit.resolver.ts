import { ForwardArgs } from '../../graphql/connection.js';
import { ForbiddenError } from '../../common/errors.js';
import { Args, ArgsType, Ctx, Field, Resolver } from 'type-graphql';
import { normaliseAgencyCode } from '../../common/agency-code.js';
import type { HubContext } from '../../core/context.js';
import { callerOf } from '../../core/context.js';
import { HubQuery } from '../../graphql/guard.js';
import { readsEverything } from '../../core/access.js';
import { auditCheckpointStore } from './audit-checkpoint.js';
import { auditService } from './audit.service.js';
import { AuditChainProblemKind, AuditChainReportType, AuditEntryConnection, AuditEntryType } from './audit.type.js';

@ArgsType()
class AuditLogArgs extends ForwardArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Cơ quan — only entries of this agency (OFFICER: always their own)',
  })
  agencyCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Thao tác — only this mutation' })
  operation?: string | null;
}

@Resolver(() => AuditEntryType)
export class AuditResolver {
  @HubQuery(() => AuditEntryConnection, {
    description: "Nhật ký kiểm toán — audit entries, newest first; an OFFICER sees only their agency's",
  })
  async auditLog(@Args(() => AuditLogArgs) args: AuditLogArgs, @Ctx() ctx: HubContext): Promise<AuditEntryConnection> {
    const caller = callerOf(ctx);
    const requested = args.agencyCode ? normaliseAgencyCode(args.agencyCode) : null;
    // An OFFICER naming another agency is refused (askedAgency); one without an agency reads nothing.
    const agencyCode = readsEverything(caller) ? requested : caller.agencyCode;
    if (requested && !readsEverything(caller) && requested !== caller.agencyCode)
      throw new ForbiddenError(`You read only your own agency's audit entries, not ${requested}'s`);
    if (!readsEverything(caller) && !caller.agencyCode) {
      return {
        edges: [],
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        totalCount: 0,
      };
    }
    const page = await auditService.list(ctx.db, { ...args, agencyCode }, ctx.config.graphql.maxPageSize);
    return { ...page, edges: page.edges.map((e) => ({ ...e, node: { ...e.node, seq: e.node.seq.toString() } })) };
  }

  @HubQuery(() => AuditChainReportType, {
    roles: ['ADMIN', 'LEADER'],
    description:
      'Kiểm tra nhật ký — re-verify the whole audit chain and compare it with the latest signed checkpoint kept outside the database (ADMIN, LEADER)',
  })
  async auditChain(@Ctx() ctx: HubContext): Promise<AuditChainReportType> {
    const r = await auditService.verify(ctx.db, { checkpoints: auditCheckpointStore(ctx.config) });
    return {
      ...r,
      headSeq: r.headSeq?.toString() ?? null,
      firstBrokenSeq: r.firstBrokenSeq?.toString() ?? null,
      problemKind: r.problemKind ? AuditChainProblemKind[r.problemKind] : null,
      checkpointSeq: r.checkpointSeq?.toString() ?? null,
      keyedFromSeq: r.keyedFromSeq?.toString() ?? null,
    };
  }
}
