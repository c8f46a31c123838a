/** Resolvers of the talent subgraph: thin, each parses its arguments and calls one service or loader. */
import {
  type AggregateArgs,
  isDepartmentCode,
  isStaleAt,
  isUnitCode,
  isValidCreditCode,
  maskName,
  maskPhone,
  monthRange,
  personalName,
  personalPhone,
  selectsRows,
} from '@qq/kit';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.ts';
import type { JobApplicationListArgs, SubmitJobApplicationInput } from '../service/job-application.service.ts';
import type {
  CreateJobPostingInput,
  JobPostingListArgs,
  UpdateJobPostingInput,
} from '../service/job-posting.service.ts';
import {
  publishDeadline,
  type CreateTalentPolicyInput,
  type TalentPolicyListArgs,
  type UpdateTalentPolicyInput,
} from '../service/talent-policy.service.ts';
import { NO_COUNTS } from '../store/figures.store.ts';
import type { JobApplicationRow } from '../store/job-applications.store.ts';
import type { JobPostingRow } from '../store/job-postings.store.ts';
import type { TalentPolicyRow } from '../store/talent-policies.store.ts';
import { eventView, iso, versionView } from './shared.ts';

type Id = { id: string };

/** A unit's or a department's talent figures of a month, with the rates. */
async function figuresOf(ctx: Context, month: string, by: 'county' | 'department', code: string) {
  monthRange(month);
  const all = await ctx.loaders.talentFigures.load(month);
  const f = (by === 'county' ? all.byCounty : all.byDepartment).get(code) ?? NO_COUNTS;
  const kept = f.jobPostingsCurrent + f.jobPostingsStale + f.talentPoliciesCurrent + f.talentPoliciesStale;
  return {
    month,
    ...f,
    talentPoliciesPublishedLate: f.talentPoliciesPublished - f.talentPoliciesPublishedOnTime,
    talentPoliciesOnTimeRate:
      f.talentPoliciesPublished === 0 ? null : f.talentPoliciesPublishedOnTime / f.talentPoliciesPublished,
    currentRate: kept === 0 ? null : (f.jobPostingsCurrent + f.talentPoliciesCurrent) / kept,
  };
}
type Code = { code: string };

export const resolvers = {
  Query: {
    talentAggregates: (_: unknown, args: AggregateArgs, ctx: Context) => ctx.aggregates.aggregates(args),
    jobPostings: (_: unknown, args: JobPostingListArgs, ctx: Context) => ctx.jobPostings.list(args),
    jobPosting: (_: unknown, args: Id, ctx: Context) => ctx.jobPostings.byId(args.id),
    jobApplications: (_: unknown, args: JobApplicationListArgs, ctx: Context) => ctx.jobApplications.list(args),
    jobApplication: (_: unknown, args: Id, ctx: Context) => ctx.jobApplications.byId(args.id),
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
    submitJobApplication: (_: unknown, args: { input: SubmitJobApplicationInput }, ctx: Context) =>
      ctx.jobApplications.submit(args.input),
    shortlistJobApplication: (_: unknown, args: Id, ctx: Context) => ctx.jobApplications.shortlist(args.id),
    inviteJobApplication: (_: unknown, args: Id & { interviewAt: string; place: string }, ctx: Context) =>
      ctx.jobApplications.invite(args.id, args.interviewAt, args.place),
    rejectJobApplication: (_: unknown, args: Id & { reason?: string | null }, ctx: Context) =>
      ctx.jobApplications.reject(args.id, args.reason),
    hireJobApplication: (_: unknown, args: Id, ctx: Context) => ctx.jobApplications.hire(args.id),
    withdrawJobApplication: (_: unknown, args: Id & { reason?: string | null }, ctx: Context) =>
      ctx.jobApplications.withdraw(args.id, args.reason),
    createTalentPolicy: (_: unknown, args: { input: CreateTalentPolicyInput }, ctx: Context) =>
      ctx.talentPolicies.create(args.input),
    publishTalentPolicy: (_: unknown, args: Id & { expiresOn?: string | null }, ctx: Context) =>
      ctx.talentPolicies.publish(args.id, args.expiresOn),
    updateTalentPolicy: (_: unknown, args: Id & { input: UpdateTalentPolicyInput }, ctx: Context) =>
      ctx.talentPolicies.update(args.id, args.input),
    withdrawTalentPolicy: (_: unknown, args: Id & { reason: string }, ctx: Context) =>
      ctx.talentPolicies.withdraw(args.id, args.reason),
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
    applications: (p: JobPostingRow, args: { first?: number | null; status?: string | null }, ctx: Context) =>
      ctx.jobApplications.ofPosting(p.id, args),
    myApplication: (p: JobPostingRow, _: unknown, ctx: Context) => ctx.jobApplications.mine(p.id),
  },
  JobApplication: {
    __resolveReference: (ref: Id, ctx: Context) => ctx.jobApplications.byReference(ref.id),
    jobPosting: (a: JobApplicationRow, _: unknown, ctx: Context) => ctx.loaders.jobPosting.load(a.postingId),
    enterprise: (a: JobApplicationRow) => ({ creditCode: a.enterpriseCode }),
    county: (a: JobApplicationRow) => ({ code: a.countyCode }),
    name: (a: JobApplicationRow, _: unknown, ctx: Context) =>
      ctx.jobApplications.seesPersonalData(a) ? a.name : maskName(a.name),
    phone: (a: JobApplicationRow, _: unknown, ctx: Context) =>
      ctx.jobApplications.seesPersonalData(a) ? a.phone : maskPhone(a.phone),
    resume: (a: JobApplicationRow, _: unknown, ctx: Context) =>
      ctx.jobApplications.seesPersonalData(a) ? a.resume : null,
    submittedAt: (a: JobApplicationRow) => a.submittedAt.toISOString(),
    answeredAt: (a: JobApplicationRow) => iso(a.answeredAt),
    shortlistedAt: (a: JobApplicationRow) => iso(a.shortlistedAt),
    invitedAt: (a: JobApplicationRow) => iso(a.invitedAt),
    interviewAt: (a: JobApplicationRow) => iso(a.interviewAt),
    rejectedAt: (a: JobApplicationRow) => iso(a.rejectedAt),
    hiredAt: (a: JobApplicationRow) => iso(a.hiredAt),
    withdrawnAt: (a: JobApplicationRow) => iso(a.withdrawnAt),
    events: async (a: JobApplicationRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.events.jobApplication.load(a.id)).map((e) => eventView(ctx.principal, e)),
    availableActions: (a: JobApplicationRow, _: unknown, ctx: Context) => ctx.jobApplications.availableActions(a),
  },
  TalentPolicy: {
    __resolveReference: (ref: Id, ctx: Context) => ctx.talentPolicies.byReference(ref.id),
    department: (p: TalentPolicyRow) => ({ code: p.departmentCode }),
    county: (p: TalentPolicyRow) => ({ code: p.countyCode }),
    issuedAt: (p: TalentPolicyRow) => p.issuedAt.toISOString(),
    publishDeadlineAt: (p: TalentPolicyRow) => publishDeadline(p).toISOString(),
    publishedWithinDeadline: (p: TalentPolicyRow) => (p.publishedAt ? p.publishedAt <= publishDeadline(p) : null),
    publishedAt: (p: TalentPolicyRow) => iso(p.publishedAt),
    revisedAt: (p: TalentPolicyRow) => p.revisedAt.toISOString(),
    createdAt: (p: TalentPolicyRow) => p.createdAt.toISOString(),
    expiredAt: (p: TalentPolicyRow) => iso(p.expiredAt),
    withdrawnAt: (p: TalentPolicyRow) => iso(p.withdrawnAt),
    stale: (p: TalentPolicyRow, _: unknown, ctx: Context) => isStaleAt(p, ctx.now),
    versions: async (p: TalentPolicyRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.versions.talentPolicy.load(p.id)).map(versionView),
    events: async (p: TalentPolicyRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.events.talentPolicy.load(p.id)).map((e) => eventView(ctx.principal, e)),
    availableActions: (p: TalentPolicyRow, _: unknown, ctx: Context) => ctx.talentPolicies.availableActions(p),
  },
  Enterprise: {
    __resolveReference: (ref: { creditCode: string }) =>
      isValidCreditCode(ref.creditCode) ? { creditCode: ref.creditCode } : null,
    jobPostings: (e: { creditCode: string }, args: { first?: number | null }, ctx: Context, info: GraphQLResolveInfo) =>
      ctx.jobPostings.ofEnterprise(e.creditCode, args.first, selectsRows(info)),
  },
  // A group of the aggregates: its department and county as stubs of platform's entities.
  TalentAggregate: {
    department: (g: { departmentCode: string | null }) => (g.departmentCode ? { code: g.departmentCode } : null),
    county: (g: { countyCode: string | null }) => (g.countyCode ? { code: g.countyCode } : null),
  },
  County: {
    __resolveReference: (ref: Code) => (isUnitCode(ref.code) ? { code: ref.code } : null),
    openPositionCount: async (c: Code, _: unknown, ctx: Context) =>
      (await ctx.loaders.openByCounty.load(c.code)).headcount,
    openJobPostingCount: async (c: Code, _: unknown, ctx: Context) =>
      (await ctx.loaders.openByCounty.load(c.code)).postings,
    talentFigures: (c: Code, args: { month: string }, ctx: Context) => figuresOf(ctx, args.month, 'county', c.code),
  },
  Department: {
    __resolveReference: (ref: Code) => (isDepartmentCode(ref.code) ? { code: ref.code } : null),
    talentPolicies: (d: Code, args: { first?: number | null }, ctx: Context) =>
      ctx.talentPolicies.ofDepartment(d.code, args.first),
    talentFigures: (d: Code, args: { month: string }, ctx: Context) => figuresOf(ctx, args.month, 'department', d.code),
  },
};
