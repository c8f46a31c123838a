/** Fields of RedemptionApplication, its steps, and the public RedemptionDisclosure. */
import { personalName, personalPhone } from '@qq/kit';
import type { Context } from '../context.ts';
import type { ApplicationEventRow, ApplicationRow } from '../store/applications.store.ts';
import { iso } from './scalars.ts';

/** The item of an application or disclosure the caller already read; items are never deleted. */
async function itemOf(a: ApplicationRow, ctx: Context) {
  const item = await ctx.loaders.itemOfParent.load(a.itemId);
  if (!item) throw new Error(`redemption item ${a.itemId} of application ${a.id} is missing`);
  return item;
}

export const RedemptionApplication = {
  item: (a: ApplicationRow, _: unknown, ctx: Context) => itemOf(a, ctx),
  enterprise: (a: ApplicationRow) => ({ creditCode: a.enterpriseCode }),
  contactName: (a: ApplicationRow, _: unknown, ctx: Context) => personalName(ctx.principal, a.contactName),
  contactPhone: (a: ApplicationRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, a.contactPhone),
  submittedAt: (a: ApplicationRow) => iso(a.submittedAt),
  dueAt: (a: ApplicationRow) => iso(a.dueAt),
  completedAt: (a: ApplicationRow) => iso(a.completedAt),
  disclosedAt: (a: ApplicationRow) => iso(a.disclosedAt),
  department: (a: ApplicationRow) => ({ code: a.departmentCode }),
  county: (a: ApplicationRow) => ({ code: a.countyCode }),
  events: (a: ApplicationRow, _: unknown, ctx: Context) => ctx.loaders.eventsByApplication.load(a.id),
};

export const RedemptionStep = {
  at: (e: ApplicationEventRow) => iso(e.at),
};

export const RedemptionDisclosure = {
  item: (a: ApplicationRow, _: unknown, ctx: Context) => itemOf(a, ctx),
  enterprise: (a: ApplicationRow) => ({ creditCode: a.enterpriseCode }),
  completedAt: (a: ApplicationRow) => iso(a.completedAt),
  disclosedAt: (a: ApplicationRow) => iso(a.disclosedAt),
  department: (a: ApplicationRow) => ({ code: a.departmentCode }),
  county: (a: ApplicationRow) => ({ code: a.countyCode }),
  steps: async (a: ApplicationRow, _: unknown, ctx: Context) =>
    (await ctx.loaders.eventsByApplication.load(a.id)).map((e) => ({ status: e.toStatus, at: iso(e.at) })),
};
