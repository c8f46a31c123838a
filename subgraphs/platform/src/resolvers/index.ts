/** Resolvers of the platform subgraph: thin, each parses its arguments and calls one service or loader. */
import { INDUSTRIES } from '@qq/db/reference';
import { checkCreditCode, isValidCreditCode, maskName, personalPhone } from '@qq/kit';
import type { Context } from '../context.ts';
import { messageResolvers } from './messages.ts';
import { facilitationResolvers } from './facilitation.ts';
import { evaluationResolvers } from '../evaluation/resolvers.ts';
import type { EnterpriseFilter, EnterpriseRow } from '../store/enterprises.store.ts';
import type { CountyRow } from '../store/units.store.ts';

export const resolvers = {
  ...messageResolvers,
  ...facilitationResolvers,
  EvaluationReport: evaluationResolvers.EvaluationReport,
  Query: {
    ...messageResolvers.Query,
    ...facilitationResolvers.Query,
    ...evaluationResolvers.Query,
    enterprise: (_: unknown, args: { creditCode: string }, ctx: Context) => ctx.enterprises.byCode(args.creditCode),
    enterprises: (_: unknown, args: { first?: number; after?: string; filter?: EnterpriseFilter }, ctx: Context) =>
      ctx.enterprises.list(args),
    checkCreditCode: (_: unknown, args: { code: string }) => ({ code: args.code, ...checkCreditCode(args.code) }),
    counties: (_: unknown, __: unknown, ctx: Context) => ctx.units.listCounties(),
    county: (_: unknown, args: { code: string }, ctx: Context) => ctx.loaders.county.load(args.code),
    departments: (_: unknown, __: unknown, ctx: Context) => ctx.units.listDepartments(),
    department: (_: unknown, args: { code: string }, ctx: Context) => ctx.loaders.department.load(args.code),
  },
  Mutation: { ...messageResolvers.Mutation, ...facilitationResolvers.Mutation, ...evaluationResolvers.Mutation },
  Enterprise: {
    ...facilitationResolvers.Enterprise,
    __resolveReference: (ref: { creditCode: string }, ctx: Context) =>
      isValidCreditCode(ref.creditCode) ? ctx.loaders.enterprise.load(ref.creditCode) : null,
    // A person's name: in full for the enterprise itself, staff and admins; masked for everyone else.
    legalRepresentative: (e: EnterpriseRow, _: unknown, ctx: Context) => {
      const p = ctx.principal;
      const full =
        p.role === 'staff' || p.role === 'admin' || (p.role === 'enterprise' && p.enterprise === e.creditCode);
      return full ? e.legalRepresentative : maskName(e.legalRepresentative);
    },
    contactPhone: (e: EnterpriseRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, e.contactPhone),
    county: (e: EnterpriseRow, _: unknown, ctx: Context) => ctx.loaders.county.load(e.countyCode),
    industry: (e: EnterpriseRow) => ({ code: e.industryCode, name: INDUSTRIES[e.industryCode] ?? e.industryCode }),
  },
  County: {
    ...facilitationResolvers.County,
    __resolveReference: (ref: { code: string }, ctx: Context) => ctx.loaders.county.load(ref.code),
    enterpriseCount: (c: CountyRow, _: unknown, ctx: Context) => ctx.loaders.enterpriseCountByCounty.load(c.code),
    enterprises: (c: CountyRow, args: { first?: number; after?: string }, ctx: Context) =>
      ctx.enterprises.ofCounty(c.code, c.kind === 'CITY', args),
  },
  Department: {
    ...facilitationResolvers.Department,
    __resolveReference: (ref: { code: string }, ctx: Context) => ctx.loaders.department.load(ref.code),
  },
};
