/** Resolvers of the talent subgraph: thin, each parses its arguments and calls one service or loader. */
import { isDepartmentCode, isUnitCode, isValidCreditCode, personalName, personalPhone } from '@qq/kit';
import type { Context } from '../context.ts';
import { isStaleAt } from '../domain.ts';
import type {
  CreateJobPostingInput,
  JobPostingListArgs,
  UpdateJobPostingInput,
} from '../service/job-posting.service.ts';
import type { TalentPolicyListArgs } from '../service/talent-policy.service.ts';
import type { JobPostingRow } from '../store/job-postings.store.ts';
import type { TalentPolicyRow } from '../store/talent-policies.store.ts';
import { eventView, iso, versionView } from './shared.ts';

type Id = { id: string };
type Code = { code: string };

export const resolvers = {
  Query: {
    jobPostings: (_: unknown, args: JobPostingListArgs, ctx: Context) => ctx.jobPostings.list(args),
    jobPosting: (_: unknown, args: Id, ctx: Context) => ctx.jobPostings.byId(args.id),
    talentPolicies: (_: unknown, args: TalentPolicyListArgs, ctx: Context) => ctx.talentPolicies.list(args),
    talentPolicy: (_: unknown, args: Id, ctx: Context) => ctx.talentPolicies.byId(args.id),
  },
  Mutation: {
    createJobPosting: (_: unknown, args: { input: CreateJobPostingInput }, ctx: Context) =>
      ctx.jobPostings.create(args.input),
    submitJobPosting: (_: unknown, args: Id, ctx: Context) => ctx.jobPostings.submit(args.id),
    approveJobPosting: (_: unknown, args: Id, ctx: Context) => ctx.jobPostings.approve(args.id),
    rejectJobPosting: (_: unknown, args: Id & { reason: string }, ctx: Context) =>
      ctx.jobPostings.reject(args.id, args.reason),
    updateJobPosting: (_: unknown, args: Id & { input: UpdateJobPostingInput }, ctx: Context) =>
      ctx.jobPostings.update(args.id, args.input),
    closeJobPosting: (_: unknown, args: Id & { reason?: string | null }, ctx: Context) =>
      ctx.jobPostings.close(args.id, args.reason),
    reopenJobPosting: (_: unknown, args: Id & { expiresOn?: string | null }, ctx: Context) =>
      ctx.jobPostings.reopen(args.id, args.expiresOn),
    withdrawJobPosting: (_: unknown, args: Id & { reason?: string | null }, ctx: Context) =>
      ctx.jobPostings.withdraw(args.id, args.reason),
  },
  JobPosting: {
    __resolveReference: (ref: Id, ctx: Context) => ctx.jobPostings.byReference(ref.id),
    enterprise: (p: JobPostingRow) => ({ creditCode: p.enterpriseCode }),
    county: (p: JobPostingRow) => ({ code: p.countyCode }),
    department: (p: JobPostingRow) => ({ code: p.departmentCode }),
    contactName: (p: JobPostingRow, _: unknown, ctx: Context) => personalName(ctx.principal, p.contactName),
    contactPhone: (p: JobPostingRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, p.contactPhone),
    createdAt: (p: JobPostingRow) => p.createdAt.toISOString(),
    submittedAt: (p: JobPostingRow) => iso(p.submittedAt),
    publishedAt: (p: JobPostingRow) => iso(p.publishedAt),
    reviewedAt: (p: JobPostingRow) => iso(p.reviewedAt),
    revisedAt: (p: JobPostingRow) => p.revisedAt.toISOString(),
    closedAt: (p: JobPostingRow) => iso(p.closedAt),
    reopenedAt: (p: JobPostingRow) => iso(p.reopenedAt),
    expiredAt: (p: JobPostingRow) => iso(p.expiredAt),
    withdrawnAt: (p: JobPostingRow) => iso(p.withdrawnAt),
    stale: (p: JobPostingRow, _: unknown, ctx: Context) => isStaleAt(p, ctx.now),
    versions: async (p: JobPostingRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.versions.jobPosting.load(p.id)).map(versionView),
    events: async (p: JobPostingRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.events.jobPosting.load(p.id)).map((e) => eventView(ctx.principal, e)),
    availableActions: (p: JobPostingRow, _: unknown, ctx: Context) => ctx.jobPostings.availableActions(p),
  },
  TalentPolicy: {
    __resolveReference: (ref: Id, ctx: Context) => ctx.loaders.talentPolicy.load(ref.id),
    department: (p: TalentPolicyRow) => ({ code: p.departmentCode }),
    county: (p: TalentPolicyRow) => ({ code: p.countyCode }),
    publishedAt: (p: TalentPolicyRow) => iso(p.publishedAt),
  },
  Enterprise: {
    __resolveReference: (ref: { creditCode: string }) =>
      isValidCreditCode(ref.creditCode) ? { creditCode: ref.creditCode } : null,
    jobPostings: (e: { creditCode: string }, args: { first?: number | null }, ctx: Context) =>
      ctx.jobPostings.ofEnterprise(e.creditCode, args.first),
  },
  County: {
    __resolveReference: (ref: Code) => (isUnitCode(ref.code) ? { code: ref.code } : null),
    openPositionCount: async (c: Code, _: unknown, ctx: Context) =>
      (await ctx.loaders.openByCounty.load(c.code)).headcount,
    openJobPostingCount: async (c: Code, _: unknown, ctx: Context) =>
      (await ctx.loaders.openByCounty.load(c.code)).postings,
  },
  Department: {
    __resolveReference: (ref: Code) => (isDepartmentCode(ref.code) ? { code: ref.code } : null),
    talentPolicies: (d: Code, args: { first?: number | null }, ctx: Context) =>
      ctx.talentPolicies.ofDepartment(d.code, args.first),
  },
};
