/** Resolvers of parks and investment projects: thin, each calls one service or loader. */
import { personalName, personalPhone } from '@qq/kit';
import type { Context } from '../context.ts';
import type { InvestmentProjectFilter, InvestmentProjectRow } from '../store/investment-projects.store.ts';
import type { ParkFilter, ParkRow } from '../store/parks.store.ts';
import type {
  CreateInvestmentProjectInput,
  UpdateInvestmentProjectInput,
} from '../service/investment-project.service.ts';
import type { CreateParkInput, UpdateParkInput } from '../service/park.service.ts';
import { eventView, industryName, iso, versionView } from './shared.ts';
import { isStaleAt } from '@qq/kit';

interface ListArgs<F> {
  first?: number | null;
  after?: string | null;
  filter?: F | null;
}

type Id = { id: string };

export const listingResolvers = {
  Query: {
    parks: (_: unknown, args: ListArgs<ParkFilter>, ctx: Context) => ctx.parks.list(args),
    park: (_: unknown, args: Id, ctx: Context) => ctx.parks.byId(args.id),
    investmentProjects: (_: unknown, args: ListArgs<InvestmentProjectFilter>, ctx: Context) =>
      ctx.investmentProjects.list(args),
    investmentProject: (_: unknown, args: Id, ctx: Context) => ctx.investmentProjects.byId(args.id),
  },
  Mutation: {
    createIndustrialPark: (_: unknown, args: { input: CreateParkInput }, ctx: Context) => ctx.parks.create(args.input),
    publishIndustrialPark: (_: unknown, args: Id & { expiresOn?: string | null }, ctx: Context) =>
      ctx.parks.publish(args.id, args.expiresOn),
    updateIndustrialPark: (_: unknown, args: Id & { input: UpdateParkInput }, ctx: Context) =>
      ctx.parks.update(args.id, args.input),
    withdrawIndustrialPark: (_: unknown, args: Id & { reason?: string | null }, ctx: Context) =>
      ctx.parks.withdraw(args.id, args.reason),
    createInvestmentProject: (_: unknown, args: { input: CreateInvestmentProjectInput }, ctx: Context) =>
      ctx.investmentProjects.create(args.input),
    publishInvestmentProject: (_: unknown, args: Id & { expiresOn?: string | null }, ctx: Context) =>
      ctx.investmentProjects.publish(args.id, args.expiresOn),
    updateInvestmentProject: (_: unknown, args: Id & { input: UpdateInvestmentProjectInput }, ctx: Context) =>
      ctx.investmentProjects.update(args.id, args.input),
    withdrawInvestmentProject: (_: unknown, args: Id & { reason?: string | null }, ctx: Context) =>
      ctx.investmentProjects.withdraw(args.id, args.reason),
  },
  IndustrialPark: {
    __resolveReference: (ref: Id, ctx: Context) => ctx.parks.byReference(ref.id),
    county: (p: ParkRow) => ({ code: p.countyCode }),
    investmentProjects: (p: ParkRow, _: unknown, ctx: Context) => ctx.investmentProjects.ofPark(p.id),
    publishedAt: (p: ParkRow) => iso(p.publishedAt),
    revisedAt: (p: ParkRow) => p.revisedAt.toISOString(),
    stale: (p: ParkRow, _: unknown, ctx: Context) => isStaleAt(p, ctx.now),
    reason: (p: ParkRow) => p.reviewNote,
    versions: async (p: ParkRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.versions.park.load(p.id)).map(versionView),
    events: async (p: ParkRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.events.park.load(p.id)).map((e) => eventView(ctx.principal, e)),
    availableActions: (p: ParkRow, _: unknown, ctx: Context) => ctx.parks.availableActions(p),
  },
  InvestmentProject: {
    __resolveReference: (ref: Id, ctx: Context) => ctx.investmentProjects.byReference(ref.id),
    industryName: (r: InvestmentProjectRow) => industryName(r.industryCode),
    county: (r: InvestmentProjectRow) => ({ code: r.countyCode }),
    park: (r: InvestmentProjectRow, _: unknown, ctx: Context) => (r.parkId ? ctx.loaders.park.load(r.parkId) : null),
    contactName: (r: InvestmentProjectRow, _: unknown, ctx: Context) => personalName(ctx.principal, r.contactName),
    contactPhone: (r: InvestmentProjectRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, r.contactPhone),
    publishedAt: (r: InvestmentProjectRow) => iso(r.publishedAt),
    revisedAt: (r: InvestmentProjectRow) => r.revisedAt.toISOString(),
    stale: (r: InvestmentProjectRow, _: unknown, ctx: Context) => isStaleAt(r, ctx.now),
    reason: (r: InvestmentProjectRow) => r.reviewNote,
    versions: async (r: InvestmentProjectRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.versions.investmentProject.load(r.id)).map(versionView),
    events: async (r: InvestmentProjectRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.events.investmentProject.load(r.id)).map((e) => eventView(ctx.principal, e)),
    availableActions: (r: InvestmentProjectRow, _: unknown, ctx: Context) => ctx.investmentProjects.availableActions(r),
  },
};
