/** Resolvers of opportunities and interests: thin, each calls one service or loader. */
import { personalName, personalPhone, type PageArgs } from '@qq/kit';
import type { Context } from '../context.ts';
import type { InterestRow } from '../store/interests.store.ts';
import type { OpportunityFilter, OpportunityRow } from '../store/opportunities.store.ts';
import type {
  ExpressInterestInput,
  SubmitOpportunityInput,
  UpdateOpportunityInput,
} from '../service/opportunity.service.ts';
import { eventView, industryName, iso, versionView } from './shared.ts';

type Id = { id: string };

export const opportunityResolvers = {
  Query: {
    opportunities: (_: unknown, args: PageArgs & { filter?: OpportunityFilter | null }, ctx: Context) =>
      ctx.opportunities.list(args),
    opportunity: (_: unknown, args: Id, ctx: Context) => ctx.opportunities.byId(args.id),
  },
  Mutation: {
    submitOpportunity: (_: unknown, args: { input: SubmitOpportunityInput }, ctx: Context) =>
      ctx.opportunities.submit(args.input),
    updateOpportunity: (_: unknown, args: Id & { input: UpdateOpportunityInput }, ctx: Context) =>
      ctx.opportunities.update(args.id, args.input),
    approveOpportunity: (_: unknown, args: Id, ctx: Context) => ctx.opportunities.approve(args.id),
    rejectOpportunity: (_: unknown, args: Id & { reason: string }, ctx: Context) =>
      ctx.opportunities.reject(args.id, args.reason),
    withdrawOpportunity: (_: unknown, args: Id & { reason?: string | null }, ctx: Context) =>
      ctx.opportunities.withdraw(args.id, args.reason),
    expressOpportunityInterest: (_: unknown, args: { input: ExpressInterestInput }, ctx: Context) =>
      ctx.opportunities.expressInterest(args.input),
  },
  Opportunity: {
    __resolveReference: (ref: Id, ctx: Context) => ctx.opportunities.byReference(ref.id),
    industryName: (o: OpportunityRow) => industryName(o.industryCode),
    enterprise: (o: OpportunityRow) => ({ creditCode: o.enterpriseCode }),
    county: (o: OpportunityRow) => ({ code: o.countyCode }),
    submittedAt: (o: OpportunityRow) => o.createdAt.toISOString(),
    reviewedAt: (o: OpportunityRow) => iso(o.reviewedAt),
    publishedAt: (o: OpportunityRow) => iso(o.publishedAt),
    reason: (o: OpportunityRow) => o.reviewNote,
    contactName: async (o: OpportunityRow, _: unknown, ctx: Context) =>
      (await ctx.opportunities.sharesContact(o)) ? personalName(ctx.principal, o.contactName) : null,
    contactPhone: async (o: OpportunityRow, _: unknown, ctx: Context) =>
      (await ctx.opportunities.sharesContact(o)) ? personalPhone(ctx.principal, o.contactPhone) : null,
    interestCount: (o: OpportunityRow, _: unknown, ctx: Context) => ctx.opportunities.interestCount(o),
    interests: (o: OpportunityRow, args: PageArgs, ctx: Context) => ctx.opportunities.interestsOf(o, args),
    myInterest: (o: OpportunityRow, _: unknown, ctx: Context) => ctx.opportunities.myInterest(o),
    versions: async (o: OpportunityRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.versions.opportunity.load(o.id)).map(versionView),
    events: async (o: OpportunityRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.events.opportunity.load(o.id)).map((e) => eventView(ctx.principal, e)),
    availableActions: (o: OpportunityRow, _: unknown, ctx: Context) => ctx.opportunities.availableActions(o),
  },
  OpportunityInterest: {
    __resolveReference: (ref: Id, ctx: Context) => ctx.opportunities.interestById(ref.id),
    opportunity: (i: InterestRow, _: unknown, ctx: Context) => ctx.loaders.opportunity.load(i.opportunityId),
    enterprise: (i: InterestRow) => ({ creditCode: i.enterpriseCode }),
    contactName: (i: InterestRow, _: unknown, ctx: Context) => personalName(ctx.principal, i.contactName),
    contactPhone: (i: InterestRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, i.contactPhone),
    createdAt: (i: InterestRow) => i.createdAt.toISOString(),
  },
};
