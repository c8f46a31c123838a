/** Resolvers of the service catalogue (事项清单): thin, each parses its arguments and calls the service or a loader. */
import { assertUuid } from '@qq/kit';
import type { Context } from '../context.ts';
import type { ServiceListArgs } from '../service/catalogue.service.ts';
import type { ServiceEventRow, ServiceRow, ServiceVersionRow } from '../store/catalogue.store.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const catalogueResolvers = {
  Query: {
    services: (_: unknown, args: ServiceListArgs, ctx: Context) => ctx.catalogue.list(args),
    service: (_: unknown, args: { id: string }, ctx: Context) => {
      assertUuid(args.id, 'id');
      return ctx.facilitation.service.load(args.id);
    },
  },
  Mutation: {
    createService: (_: unknown, args: { input: Parameters<Context['catalogue']['create']>[0] }, ctx: Context) =>
      ctx.catalogue.create(args.input),
    publishService: (_: unknown, args: { id: string }, ctx: Context) => ctx.catalogue.publish(args.id),
    updateService: (_: unknown, args: { id: string; input: unknown }, ctx: Context) =>
      ctx.catalogue.update(args.id, args.input),
    withdrawService: (_: unknown, args: { id: string; reason: string }, ctx: Context) =>
      ctx.catalogue.withdraw(args.id, args.reason),
  },
  Service: {
    department: (s: ServiceRow, _: unknown, ctx: Context) => ctx.loaders.department.load(s.departmentCode),
    county: (s: ServiceRow, _: unknown, ctx: Context) => ctx.loaders.county.load(s.countyCode),
    whereToApply: (s: ServiceRow) => ({
      onlineUrl: s.onlineUrl,
      officeAddress: s.officeAddress,
      officeHours: s.officeHours,
    }),
    publishedAt: (s: ServiceRow) => iso(s.publishedAt),
    revisedAt: (s: ServiceRow) => s.revisedAt.toISOString(),
    versions: async (s: ServiceRow, _: unknown, ctx: Context) =>
      ctx.facilitation.serviceVersions.load(ctx.catalogue.historyOf(s)),
    events: async (s: ServiceRow, _: unknown, ctx: Context) =>
      ctx.facilitation.serviceEvents.load(ctx.catalogue.historyOf(s)),
    availableActions: (s: ServiceRow, _: unknown, ctx: Context) => ctx.catalogue.available(s),
  },
  ServiceVersion: {
    savedAt: (v: ServiceVersionRow) => v.at.toISOString(),
    savedBy: (v: ServiceVersionRow) => v.actor,
    name: (v: ServiceVersionRow) => v.content.name,
    category: (v: ServiceVersionRow) => v.content.category,
    conditions: (v: ServiceVersionRow) => v.content.conditions,
    materials: (v: ServiceVersionRow) => v.content.materials,
    timeLimitDays: (v: ServiceVersionRow) => v.content.timeLimitDays,
    fees: (v: ServiceVersionRow) => v.content.fees,
    whereToApply: (v: ServiceVersionRow) => ({
      onlineUrl: v.content.onlineUrl ?? null,
      officeAddress: v.content.officeAddress ?? null,
      officeHours: v.content.officeHours ?? null,
    }),
    issuesLicence: (v: ServiceVersionRow) => v.content.issuesLicence === true,
  },
  ServiceEvent: {
    at: (e: ServiceEventRow) => e.at.toISOString(),
  },
};
