/** Root queries: each parses its arguments and calls one service. */
import type { AggregateArgs } from '@qq/kit';
import type { Context } from '../context.ts';
import type { ApplicationFilter } from '../store/applications.store.ts';
import type { PolicyFilterArgs } from '../service/policy.service.ts';

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const Query = {
  policyAggregates: (_: unknown, args: AggregateArgs, ctx: Context) => ctx.aggregates.aggregates(args),
  policies: (_: unknown, args: PageArgs & { filter?: PolicyFilterArgs | null }, ctx: Context) =>
    ctx.policies.list(args),
  policy: (_: unknown, args: { id: string }, ctx: Context) => ctx.policies.byId(args.id),
  redemptionItem: (_: unknown, args: { id: string }, ctx: Context) => ctx.policies.itemById(args.id),
  redemptionApplications: (_: unknown, args: PageArgs & { filter?: ApplicationFilter | null }, ctx: Context) =>
    ctx.redemption.list(args),
  redemptionApplication: (_: unknown, args: { id: string }, ctx: Context) => ctx.redemption.byId(args.id),
  latePolicyDrafts: (_: unknown, args: PageArgs, ctx: Context) => ctx.policies.lateDrafts(args),
  redemptionMaterialContent: (_: unknown, args: { applicationId: string; fileId: string }, ctx: Context) =>
    ctx.materials.download(args.applicationId, args.fileId),
  redemptionDisclosures: (_: unknown, args: PageArgs & { projectName: string }, ctx: Context) =>
    ctx.redemption.disclosures(args),
};
