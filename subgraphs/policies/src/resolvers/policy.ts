/** Fields of Policy, its events and versions, PolicyMatch and RedemptionItem. */
import type { Context } from '../context.ts';
import type { EnterpriseProfile } from '../service/policy.service.ts';
import type { ItemRow, PolicyEventRow, PolicyRow, PolicyVersionRow } from '../store/policies.store.ts';
import { iso } from './scalars.ts';

export const Policy = {
  department: (p: PolicyRow) => ({ code: p.departmentCode }),
  county: (p: PolicyRow) => ({ code: p.countyCode }),
  issuedAt: (p: PolicyRow) => iso(p.issuedAt),
  publishDeadlineAt: (p: PolicyRow) => iso(p.publishDeadlineAt),
  publishedAt: (p: PolicyRow) => iso(p.publishedAt),
  publishedLate: (p: PolicyRow) => p.publishedAt !== null && p.publishedAt > p.publishDeadlineAt,
  publishedWithinDeadline: (p: PolicyRow) => (p.publishedAt === null ? null : p.publishedAt <= p.publishDeadlineAt),
  submittedAt: (p: PolicyRow) => iso(p.submittedAt),
  validFrom: (p: PolicyRow) => iso(p.validFrom),
  validUntil: (p: PolicyRow) => iso(p.validUntil),
  withdrawnAt: (p: PolicyRow) => iso(p.withdrawnAt),
  expiredAt: (p: PolicyRow) => iso(p.expiredAt),
  availableActions: (p: PolicyRow, _: unknown, ctx: Context) => ctx.policies.availableActions(p),
  events: (p: PolicyRow, _: unknown, ctx: Context) =>
    ctx.policies.mayReadHistory(p) ? ctx.loaders.eventsByPolicy.load(p.id) : null,
  versions: (p: PolicyRow, _: unknown, ctx: Context) => ctx.loaders.versionsByPolicy.load(p.id),
  redemptionItems: (p: PolicyRow, _: unknown, ctx: Context) => ctx.loaders.itemsByPolicy.load(p.id),
};

export const PolicyEvent = {
  at: (e: PolicyEventRow) => iso(e.at),
};

export const PolicyVersion = {
  validFrom: (v: PolicyVersionRow) => iso(v.validFrom),
  validUntil: (v: PolicyVersionRow) => iso(v.validUntil),
  createdAt: (v: PolicyVersionRow) => iso(v.createdAt),
};

export const RedemptionItem = {
  policy: (i: ItemRow, _: unknown, ctx: Context) => ctx.loaders.policy.load(i.policyId),
  department: (i: ItemRow) => ({ code: i.departmentCode }),
  county: (i: ItemRow) => ({ code: i.countyCode }),
};

/** The enterprise's particulars arrive with the representation (`@requires`). */
export const policyMatches = (
  e: EnterpriseProfile,
  args: { first?: number | null; after?: string | null; filter?: Record<string, unknown> | null },
  ctx: Context,
) => ctx.policies.matchesFor(e, args);
