/** The fields this subgraph adds to the platform's entities, resolved through per-request DataLoaders. */
import { isDepartmentCode, isUnitCode, isValidCreditCode, selectsRows } from '@qq/kit';
import type { GraphQLResolveInfo } from 'graphql';
import { figuresOf } from './figures.ts';
import type { Context } from '../context.ts';

interface EnterpriseRef {
  creditCode: string;
}
interface CountyRef {
  code: string;
}

export const Enterprise = {
  __resolveReference: (ref: EnterpriseRef) =>
    isValidCreditCode(ref.creditCode) ? { creditCode: ref.creditCode } : null,
  aboveScale: (e: EnterpriseRef, _: unknown, ctx: Context) => ctx.loaders.aboveScaleByEnterprise.load(e.creditCode),
  statisticalReports: (e: EnterpriseRef, args: { first?: number | null }, ctx: Context, info: GraphQLResolveInfo) =>
    ctx.reports.forEnterprise(e.creditCode, args, selectsRows(info)),
  statisticalFacts: (e: EnterpriseRef, _: unknown, ctx: Context) => ctx.facts.forEnterprise(e.creditCode),
  statisticalUnit: (e: EnterpriseRef, _: unknown, ctx: Context) => ctx.loaders.unit.load(e.creditCode),
};

export const County = {
  __resolveReference: (ref: CountyRef) => (isUnitCode(ref.code) ? { code: ref.code } : null),
  aboveScaleEnterpriseCount: (c: CountyRef, _: unknown, ctx: Context) =>
    ctx.loaders.aboveScaleCountByCounty.load(c.code),
  statisticsFigures: (c: CountyRef, args: { month: string }, ctx: Context) =>
    figuresOf(ctx, args.month, 'county', c.code),
};

export const Department = {
  __resolveReference: (ref: CountyRef) => (isDepartmentCode(ref.code) ? { code: ref.code } : null),
  statisticsFigures: (d: CountyRef, args: { month: string }, ctx: Context) =>
    figuresOf(ctx, args.month, 'department', d.code),
};
