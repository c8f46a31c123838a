/** Resolvers of the commerce subgraph: thin, each parses its arguments and calls one service or loader. */
import { isDepartmentCode, isUnitCode, isValidCreditCode, selectsRows, type AggregateArgs } from '@qq/kit';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.ts';
import type { EnterpriseParticulars } from '../service/opportunity.service.ts';
import { financingResolvers } from './financing.ts';
import { listingResolvers } from './listings.ts';
import { opportunityResolvers } from './opportunities.ts';

type Code = { code: string };

export const resolvers = {
  Query: {
    ...listingResolvers.Query,
    ...opportunityResolvers.Query,
    ...financingResolvers.Query,
    commerceAggregates: (_: unknown, args: AggregateArgs, ctx: Context) => ctx.aggregates.aggregates(args),
  },
  // A group of the aggregates: its department and county as stubs of platform's entities.
  CommerceAggregate: {
    department: (g: { departmentCode: string | null }) => (g.departmentCode ? { code: g.departmentCode } : null),
    county: (g: { countyCode: string | null }) => (g.countyCode ? { code: g.countyCode } : null),
  },
  Mutation: { ...listingResolvers.Mutation, ...opportunityResolvers.Mutation, ...financingResolvers.Mutation },
  Enterprise: {
    // The reference keeps the registry's particulars the gateway passes for `@requires` fields.
    __resolveReference: (ref: EnterpriseParticulars) => (isValidCreditCode(ref.creditCode) ? ref : null),
    opportunities: (
      e: EnterpriseParticulars,
      args: { first?: number | null },
      ctx: Context,
      info: GraphQLResolveInfo,
    ) => ctx.opportunities.ofEnterprise(e.creditCode, args.first, selectsRows(info)),
    opportunityFeed: (
      e: EnterpriseParticulars,
      args: { first?: number | null; after?: string | null; kind?: string | null },
      ctx: Context,
    ) => ctx.opportunities.feed(e, args),
    financingNeeds: (
      e: EnterpriseParticulars,
      args: { first?: number | null },
      ctx: Context,
      info: GraphQLResolveInfo,
    ) => ctx.financingNeeds.ofEnterprise(e.creditCode, args.first, selectsRows(info)),
    bankProductMatches: (e: EnterpriseParticulars, args: { needId: string; first?: number | null }, ctx: Context) =>
      ctx.financingNeeds.matches(e, args.needId, args.first),
  },
  County: {
    __resolveReference: (ref: Code) => (isUnitCode(ref.code) ? { code: ref.code } : null),
    parks: (c: Code, _: unknown, ctx: Context) => ctx.parks.parksOfCounty(c.code),
    publishedOpportunityCount: (c: Code, _: unknown, ctx: Context) =>
      ctx.loaders.publishedOpportunityCountByCounty.load(c.code),
    currentOpportunityCount: (c: Code, _: unknown, ctx: Context) =>
      ctx.loaders.currentOpportunityCountByCounty.load(c.code),
    currentInvestmentProjectCount: (c: Code, _: unknown, ctx: Context) =>
      ctx.loaders.currentProjectCountByCounty.load(c.code),
    listingFigures: (c: Code, _: unknown, ctx: Context) => ctx.loaders.figuresByCounty.load(c.code),
  },
  Department: {
    __resolveReference: (ref: Code) => (isDepartmentCode(ref.code) ? { code: ref.code } : null),
    listingFigures: (d: Code, _: unknown, ctx: Context) => ctx.loaders.figuresByDepartment.load(d.code),
  },
  ...Object.fromEntries(
    Object.entries({ ...listingResolvers, ...opportunityResolvers, ...financingResolvers }).filter(
      ([type]) => type !== 'Query' && type !== 'Mutation',
    ),
  ),
};
