/** Resolvers of the talent subgraph: thin, each parses its arguments and calls one service or loader. */
import { isDepartmentCode, isUnitCode, isValidCreditCode, personalName, personalPhone } from '@qq/kit';
import type { Context } from '../context.ts';
import type { JobPostingListArgs, SubmitJobPostingInput } from '../service/job-posting.service.ts';
import type { TalentPolicyListArgs } from '../service/talent-policy.service.ts';
import type { JobPostingEventRow, JobPostingRow } from '../store/job-postings.store.ts';
import type { TalentPolicyRow } from '../store/talent-policies.store.ts';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

export const resolvers = {
  Query: {
    jobPostings: (_: unknown, args: JobPostingListArgs, ctx: Context) => ctx.jobPostings.list(args),
    jobPosting: (_: unknown, args: { id: string }, ctx: Context) => ctx.jobPostings.byId(args.id),
    talentPolicies: (_: unknown, args: TalentPolicyListArgs, ctx: Context) => ctx.talentPolicies.list(args),
    talentPolicy: (_: unknown, args: { id: string }, ctx: Context) => ctx.talentPolicies.byId(args.id),
  },
  Mutation: {
    submitJobPosting: (_: unknown, args: { input: SubmitJobPostingInput }, ctx: Context) =>
      ctx.jobPostings.submit(args.input),
    reviewJobPosting: (_: unknown, args: { id: string; approve: boolean; reason?: string | null }, ctx: Context) =>
      ctx.jobPostings.review(args.id, args.approve, args.reason),
  },
  JobPosting: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.jobPosting.load(ref.id),
    enterprise: (p: JobPostingRow) => ({ creditCode: p.enterpriseCode }),
    county: (p: JobPostingRow) => ({ code: p.countyCode }),
    department: (p: JobPostingRow) => ({ code: p.departmentCode }),
    contactName: (p: JobPostingRow, _: unknown, ctx: Context) => personalName(ctx.principal, p.contactName),
    contactPhone: (p: JobPostingRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, p.contactPhone),
    submittedAt: (p: JobPostingRow) => iso(p.submittedAt),
    publishedAt: (p: JobPostingRow) => iso(p.publishedAt),
    reviewedAt: (p: JobPostingRow) => iso(p.reviewedAt),
    events: (p: JobPostingRow, _: unknown, ctx: Context) => ctx.loaders.eventsByPosting.load(p.id),
  },
  JobPostingEvent: {
    at: (e: JobPostingEventRow) => iso(e.at),
  },
  TalentPolicy: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.talentPolicy.load(ref.id),
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
    __resolveReference: (ref: { code: string }) => (isUnitCode(ref.code) ? { code: ref.code } : null),
    openPositionCount: (c: { code: string }, _: unknown, ctx: Context) =>
      ctx.loaders.openPositionsByCounty.load(c.code),
  },
  Department: {
    __resolveReference: (ref: { code: string }) => (isDepartmentCode(ref.code) ? { code: ref.code } : null),
    talentPolicies: (d: { code: string }, args: { first?: number | null }, ctx: Context) =>
      ctx.talentPolicies.ofDepartment(d.code, args.first),
  },
};
