/** Phiếu lấy ý kiến — the GraphQL side of opinion forms. */
import { Arg, Ctx, FieldResolver, ID, Int, Resolver, Root } from 'type-graphql';
import { callerOf, type HubContext } from '../../core/context.js';
import { readsEverything } from '../../core/access.js';
import type { Parent } from '../../graphql/connection.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { toAgencyType } from '../agency/agency.service.js';
import { AgencyType } from '../agency/agency.type.js';
import { toDocumentType } from '../document/document.resolver.js';
import { DocumentType } from '../document/document.type.js';
import { opinionService, visibleForm } from './opinion.service.js';
import {
  OpinionAnswerInput,
  OpinionAnswerType,
  OpinionFormType,
  OpinionRecipientType,
  SendOpinionFormInput,
} from './opinion.type.js';

type RecipientRow = Parent<OpinionRecipientType>;
const onTime = (r: { answeredAt: Date | null }, deadline: Date) => (r.answeredAt ? r.answeredAt <= deadline : null);

@Resolver(() => OpinionFormType)
export class OpinionFormResolver {
  @HubQuery(() => OpinionFormType, {
    nullable: true,
    description:
      'Phiếu lấy ý kiến — a form your agency sent or that asks someone of your agency; FORBIDDEN when it is another’s',
  })
  opinionForm(@Arg('id', () => ID, { description: 'Mã — the form' }) id: string, @Ctx() ctx: HubContext) {
    return visibleForm(ctx, id);
  }

  @HubQuery(() => [OpinionFormType], {
    description:
      'Phiếu lấy ý kiến của tôi — forms your agency sent and forms asking you (ADMIN, LEADER: every one), newest first',
  })
  opinionForms(
    @Arg('first', () => Int, { defaultValue: 20, description: 'Số mục — how many, 1 to MAX_PAGE_SIZE' }) first: number,
    @Ctx() ctx: HubContext,
  ) {
    return opinionService.list(ctx, first);
  }

  @HubMutation(() => OpinionFormType, {
    description:
      'Gửi phiếu lấy ý kiến — questions on a draft to named persons with a deadline; they are told, reminded before it and warned after it',
  })
  sendOpinionForm(
    @Arg('input', () => SendOpinionFormInput, { description: 'Phiếu — title, draft, questions, persons, deadline' })
    input: SendOpinionFormInput,
    @Ctx() ctx: HubContext,
  ) {
    return opinionService.send(ctx, input);
  }

  @HubMutation(() => OpinionRecipientType, {
    description: 'Cho ý kiến — your answers, one per question, once; sealed in the audit chain',
  })
  async answerOpinionForm(
    @Arg('formId', () => ID, { description: 'Mã phiếu — the form' }) formId: string,
    @Arg('answers', () => [OpinionAnswerInput], { description: 'Ý kiến — one per question, in order' })
    answers: OpinionAnswerInput[],
    @Arg('signature', () => String, {
      nullable: true,
      description:
        'Chữ ký — required once you registered a signing key: a compact JWS whose payload is exactly the JSON array [formId, [[choice, comment or ""], …]]',
    })
    signature: string | null,
    @Ctx() ctx: HubContext,
  ) {
    return opinionService.answer(ctx, formId, answers, signature);
  }

  @FieldResolver(() => AgencyType, { description: 'Cơ quan gửi — the agency that asks' })
  async agency(@Root() f: Parent<OpinionFormType>, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(f.agencyId))!);
  }

  @FieldResolver(() => DocumentType, { nullable: true, description: 'Dự thảo — the draft asked about' })
  async document(@Root() f: Parent<OpinionFormType>, @Ctx() ctx: HubContext): Promise<DocumentType | null> {
    // the form was read in the caller's scope: its draft is for those it asks to read
    const d = f.documentId ? await ctx.loaders.meetingDocumentById.load(f.documentId) : null;
    return d ? toDocumentType(d) : null;
  }

  @FieldResolver(() => [OpinionRecipientType], { description: 'Người được lấy ý kiến — the persons asked, in order' })
  async recipients(@Root() f: Parent<OpinionFormType>, @Ctx() ctx: HubContext) {
    return (await ctx.loaders.recipientsByFormId.load(f.id)).map((r) => ({
      ...r,
      onTime: onTime(r, f.deadline),
      formAgencyId: f.agencyId,
    }));
  }

  @FieldResolver(() => Int, { description: 'Số người trả lời — answers so far' })
  async answered(@Root() f: Parent<OpinionFormType>, @Ctx() ctx: HubContext) {
    return (await ctx.loaders.recipientsByFormId.load(f.id)).filter((r) => r.answeredAt).length;
  }
}

@Resolver(() => OpinionRecipientType)
export class OpinionRecipientResolver {
  @FieldResolver(() => AgencyType, { description: 'Cơ quan — their agency' })
  async agency(@Root() r: RecipientRow, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(r.agencyId))!);
  }

  @FieldResolver(() => Boolean, { description: "Có chữ ký — answered with the person's own signing key" })
  signed(@Root() r: RecipientRow): boolean {
    return !!r.signature;
  }

  @FieldResolver(() => [OpinionAnswerType], {
    nullable: true,
    description:
      'Ý kiến — the answers, for the agency that asks and the person who gave them (null: not yours to read, or none yet)',
  })
  async answers(@Root() r: RecipientRow, @Ctx() ctx: HubContext): Promise<OpinionAnswerType[] | null> {
    const caller = callerOf(ctx);
    const mine = caller.kind === 'user' && caller.id === r.subject && caller.agencyId === r.agencyId;
    if (!readsEverything(caller) && r.formAgencyId !== caller.agencyId && !mine) return null;
    return (r.answers as OpinionAnswerType[] | null) ?? null;
  }
}
