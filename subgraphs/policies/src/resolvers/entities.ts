/** The platform's entities, with the fields this subgraph adds. References resolve to stubs: the rows live in platform. */
import { isDepartmentCode, isUnitCode, isValidCreditCode, selectsRows } from '@qq/kit';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.ts';
import { policyMatches } from './policy.ts';

export const Enterprise = {
  // Representations carry the registry's industry, size and unit when `policyMatches` is asked for (`@requires`).
  __resolveReference: (ref: { creditCode: string }) => (isValidCreditCode(ref.creditCode) ? ref : null),
  policyMatches,
  redemptionApplications: (
    e: { creditCode: string },
    args: { first?: number | null },
    ctx: Context,
    info: GraphQLResolveInfo,
  ) => ctx.redemption.ofEnterprise(e.creditCode, args, selectsRows(info)),
};

export const County = {
  __resolveReference: (ref: { code: string }) => (isUnitCode(ref.code) ? { code: ref.code } : null),
  publishedPolicyCount: (c: { code: string }, _: unknown, ctx: Context) =>
    ctx.loaders.publishedPolicyCountByCounty.load(c.code),
  policyFigures: (c: { code: string }, a: { month: string }, ctx: Context) =>
    ctx.figures.policy(a.month, 'county', c.code),
  exemptionFigures: (c: { code: string }, a: { month: string }, ctx: Context) =>
    ctx.figures.exemption(a.month, 'county', c.code),
};

export const Department = {
  __resolveReference: (ref: { code: string }) => (isDepartmentCode(ref.code) ? { code: ref.code } : null),
  publishedPolicies: (d: { code: string }, args: { first?: number | null }, ctx: Context) =>
    ctx.policies.publishedOfDepartment(d.code, args),
  policyFigures: (d: { code: string }, a: { month: string }, ctx: Context) =>
    ctx.figures.policy(a.month, 'department', d.code),
  exemptionFigures: (d: { code: string }, a: { month: string }, ctx: Context) =>
    ctx.figures.exemption(a.month, 'department', d.code),
};
