/** Resolvers of the commerce subgraph: thin, each parses its arguments and calls one service or loader. */
import { INDUSTRIES } from '@qq/db/reference';
import { isUnitCode, isValidCreditCode, personalName, personalPhone } from '@qq/kit';
import type { Context } from '../context.ts';
import type { FinancingNeedRow, FinancingNeedFilter } from '../store/financing.store.ts';
import type { OpportunityFilter, OpportunityRow } from '../store/opportunities.store.ts';
import type { ParkFilter, ParkRow } from '../store/parks.store.ts';
import type { RaiseFinancingNeedInput } from '../service/financing.service.ts';
import type { SubmitOpportunityInput } from '../service/opportunity.service.ts';

interface ListArgs<F> {
  first?: number | null;
  after?: string | null;
  filter?: F | null;
}

export const resolvers = {
  Query: {
    parks: (_: unknown, args: ListArgs<ParkFilter>, ctx: Context) => ctx.parks.list(args),
    park: (_: unknown, args: { id: string }, ctx: Context) => ctx.parks.byId(args.id),
    opportunities: (_: unknown, args: ListArgs<OpportunityFilter>, ctx: Context) => ctx.opportunities.list(args),
    opportunity: (_: unknown, args: { id: string }, ctx: Context) => ctx.opportunities.byId(args.id),
    financingNeeds: (_: unknown, args: ListArgs<FinancingNeedFilter>, ctx: Context) => ctx.financingNeeds.list(args),
    financingNeed: (_: unknown, args: { id: string }, ctx: Context) => ctx.financingNeeds.byId(args.id),
  },
  Mutation: {
    submitOpportunity: (_: unknown, args: { input: SubmitOpportunityInput }, ctx: Context) =>
      ctx.opportunities.submit(args.input),
    raiseFinancingNeed: (_: unknown, args: { input: RaiseFinancingNeedInput }, ctx: Context) =>
      ctx.financingNeeds.raise(args.input),
  },
  Enterprise: {
    __resolveReference: (ref: { creditCode: string }) =>
      isValidCreditCode(ref.creditCode) ? { creditCode: ref.creditCode } : null,
    opportunities: (e: { creditCode: string }, args: { first?: number | null }, ctx: Context) =>
      ctx.opportunities.ofEnterprise(e.creditCode, args.first),
    financingNeeds: (e: { creditCode: string }, args: { first?: number | null }, ctx: Context) =>
      ctx.financingNeeds.ofEnterprise(e.creditCode, args.first),
  },
  County: {
    __resolveReference: (ref: { code: string }) => (isUnitCode(ref.code) ? { code: ref.code } : null),
    parks: (c: { code: string }, _: unknown, ctx: Context) => ctx.parks.parksOfCounty(c.code),
    publishedOpportunityCount: (c: { code: string }, _: unknown, ctx: Context) =>
      ctx.opportunities.publishedCountOfCounty(c.code),
  },
  IndustrialPark: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.parks.byReference(ref.id),
    county: (p: ParkRow) => ({ code: p.countyCode }),
  },
  Opportunity: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.opportunities.byReference(ref.id),
    industryName: (o: OpportunityRow) => INDUSTRIES[o.industryCode] ?? o.industryCode,
    enterprise: (o: OpportunityRow) => (o.enterpriseCode ? { creditCode: o.enterpriseCode } : null),
    county: (o: OpportunityRow) => ({ code: o.countyCode }),
    park: (o: OpportunityRow, _: unknown, ctx: Context) => (o.parkId ? ctx.loaders.park.load(o.parkId) : null),
    submittedAt: (o: OpportunityRow) => o.createdAt.toISOString(),
    publishedAt: (o: OpportunityRow) => o.publishedAt?.toISOString() ?? null,
    contactName: (o: OpportunityRow, _: unknown, ctx: Context) => personalName(ctx.principal, o.contactName),
    contactPhone: (o: OpportunityRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, o.contactPhone),
  },
  FinancingNeed: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.financingNeeds.byReference(ref.id),
    enterprise: (f: FinancingNeedRow) => ({ creditCode: f.enterpriseCode }),
    county: (f: FinancingNeedRow) => ({ code: f.countyCode }),
    createdAt: (f: FinancingNeedRow) => f.createdAt.toISOString(),
    contactName: (f: FinancingNeedRow, _: unknown, ctx: Context) => personalName(ctx.principal, f.contactName),
    contactPhone: (f: FinancingNeedRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, f.contactPhone),
  },
};
