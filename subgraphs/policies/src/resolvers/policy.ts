/** Fields of Policy and RedemptionItem. */
import type { Context } from '../context.ts';
import type { ItemRow, PolicyRow } from '../store/policies.store.ts';
import { iso } from './scalars.ts';

export const Policy = {
  department: (p: PolicyRow) => ({ code: p.departmentCode }),
  county: (p: PolicyRow) => ({ code: p.countyCode }),
  issuedAt: (p: PolicyRow) => iso(p.issuedAt),
  publishDeadlineAt: (p: PolicyRow) => iso(p.publishDeadlineAt),
  publishedAt: (p: PolicyRow) => iso(p.publishedAt),
  publishedLate: (p: PolicyRow) => p.publishedAt !== null && p.publishedAt > p.publishDeadlineAt,
  redemptionItems: (p: PolicyRow, _: unknown, ctx: Context) => ctx.loaders.itemsByPolicy.load(p.id),
};

export const RedemptionItem = {
  policy: (i: ItemRow, _: unknown, ctx: Context) => ctx.loaders.policy.load(i.policyId),
  department: (i: ItemRow) => ({ code: i.departmentCode }),
  county: (i: ItemRow) => ({ code: i.countyCode }),
};
