/** Fields of RedemptionApplication, its steps and materials, and the public RedemptionDisclosure. */
import { isUuid, personalName, personalPhone } from '@qq/kit';
import type { Context } from '../context.ts';
import type { ApplicationEventRow, ApplicationRow, MaterialFileRow } from '../store/applications.store.ts';
import { iso } from './scalars.ts';

/** The item of an application or disclosure the caller already read; items are never deleted. */
async function itemOf(a: ApplicationRow, ctx: Context) {
  const item = await ctx.loaders.itemOfParent.load(a.itemId);
  if (!item) throw new Error(`redemption item ${a.itemId} of application ${a.id} is missing`);
  return item;
}

async function policyOf(a: ApplicationRow, ctx: Context) {
  const item = await itemOf(a, ctx);
  const policy = await ctx.loaders.policyOfDisclosure.load(item.policyId);
  if (!policy) throw new Error(`policy ${item.policyId} of item ${item.id} is missing`);
  return policy;
}

export const RedemptionApplication = {
  item: (a: ApplicationRow, _: unknown, ctx: Context) => itemOf(a, ctx),
  enterprise: (a: ApplicationRow) => ({ creditCode: a.enterpriseCode }),
  contactName: (a: ApplicationRow, _: unknown, ctx: Context) => personalName(ctx.principal, a.contactName),
  contactPhone: (a: ApplicationRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, a.contactPhone),
  submittedAt: (a: ApplicationRow) => iso(a.submittedAt),
  receivedAt: (a: ApplicationRow) => iso(a.receivedAt),
  acceptedAt: (a: ApplicationRow) => iso(a.acceptedAt),
  returnedAt: (a: ApplicationRow) => iso(a.returnedAt),
  processingAt: (a: ApplicationRow) => iso(a.processingAt),
  dueAt: (a: ApplicationRow) => iso(a.dueAt),
  stepDueAt: (a: ApplicationRow) => iso(a.stepDueAt),
  overdue: (a: ApplicationRow) => a.overdueAt !== null,
  overdueAt: (a: ApplicationRow) => iso(a.overdueAt),
  completedAt: (a: ApplicationRow) => iso(a.completedAt),
  disclosedAt: (a: ApplicationRow) => iso(a.disclosedAt),
  disclosureEndsAt: (a: ApplicationRow) => iso(a.disclosureEndsAt),
  department: (a: ApplicationRow) => ({ code: a.departmentCode }),
  county: (a: ApplicationRow) => ({ code: a.countyCode }),
  availableActions: (a: ApplicationRow, _: unknown, ctx: Context) => ctx.redemption.availableActions(a),
  events: (a: ApplicationRow, _: unknown, ctx: Context) => ctx.loaders.eventsByApplication.load(a.id),
};

export const RedemptionStep = {
  at: (e: ApplicationEventRow) => iso(e.at),
  round: (e: ApplicationEventRow) => Number(e.data?.round ?? 1),
  materials: (e: ApplicationEventRow) =>
    Array.isArray(e.data?.materials) ? (e.data.materials as Array<{ name: string; fileId: string }>) : null,
};

export const RedemptionMaterial = {
  file: (m: { fileId: string }, _: unknown, ctx: Context) =>
    isUuid(m.fileId) ? ctx.loaders.materialFile.load(m.fileId) : null,
};

export const RedemptionMaterialFile = {
  uploadedAt: (f: MaterialFileRow) => iso(f.uploadedAt),
};

export const RedemptionDisclosure = {
  item: (a: ApplicationRow, _: unknown, ctx: Context) => itemOf(a, ctx),
  enterprise: (a: ApplicationRow) => ({ creditCode: a.enterpriseCode }),
  completedAt: (a: ApplicationRow) => iso(a.completedAt),
  disclosedAt: (a: ApplicationRow) => iso(a.disclosedAt),
  disclosureEndsAt: (a: ApplicationRow) => iso(a.disclosureEndsAt),
  underDisclosure: (a: ApplicationRow, _: unknown, ctx: Context) =>
    a.disclosureEndsAt !== null && a.disclosureEndsAt > ctx.now,
  policyTitle: async (a: ApplicationRow, _: unknown, ctx: Context) => (await policyOf(a, ctx)).title,
  policyWithdrawn: async (a: ApplicationRow, _: unknown, ctx: Context) =>
    (await policyOf(a, ctx)).status === 'WITHDRAWN',
  department: (a: ApplicationRow) => ({ code: a.departmentCode }),
  county: (a: ApplicationRow) => ({ code: a.countyCode }),
  steps: async (a: ApplicationRow, _: unknown, ctx: Context) =>
    (await ctx.loaders.eventsByApplication.load(a.id)).map((e) => ({ status: e.toStatus, at: iso(e.at) })),
};
