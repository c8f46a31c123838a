/**
 * The talent workflows as data (transition tables on the kit's `defineWorkflow`).
 *
 * 招聘岗位 (job postings): the enterprise drafts a posting and submits it; 人社局 of the posting's county (or of the
 * city) approves it, and it is published, or rejects it with a reason. The enterprise updates it (a new version; a
 * published, closed or expired posting goes back to moderation), closes it when the places are filled and reopens
 * it, or withdraws it; 人社局 corrects it in any state but a draft (a new version, the same state) and takes it down
 * with a reason. Expiry after the last open day is the daily job's (`EXPIRE`, not a caller's action, so in no table:
 * see jobs.ts).
 *
 * 应聘 (applications): a person applies to a published posting; the posting enterprise shortlists, invites to an
 * interview, rejects or hires; the person withdraws while it is open.
 *
 * 人才政策 (talent policies): 人社局 of the policy's county (or of the city, for every unit) drafts, publishes, updates
 * (a new version, the same state) and withdraws it; no moderation, the department keeps its own. Expiry after the
 * last valid day is the daily job's (`EXPIRE`).
 */
import type { JobApplicationStatus, JobPostingStatus, TalentPolicyStatus } from '@qq/db/schema/talent';
import { coversUnit, defineWorkflow, type Principal, type Transition, type Workflow } from '@qq/kit';
import { HRSS, isEnterpriseUser, isPerson, TALENT_SCOPE } from '../domain.ts';

export type JobPostingAction = 'CREATE' | 'SUBMIT' | 'APPROVE' | 'REJECT' | 'UPDATE' | 'CLOSE' | 'REOPEN' | 'WITHDRAW';

/** What the rules look at on a row (or on the row about to be created). */
export interface Scoped {
  departmentCode: string;
  countyCode: string;
  enterpriseCode?: string | null;
}

/** 人社局 staff whose scope covers the row's unit: a county's clerk for that county, the city's for every one. */
export const hrssKeeper = (p: Principal, row: Scoped | undefined): boolean =>
  p.role === 'staff' && p.dept === HRSS && !!row && coversUnit(p, row.departmentCode, row.countyCode, TALENT_SCOPE);

/** A user of the enterprise that posted the row. */
export const poster = (p: Principal, row: Scoped | undefined): boolean =>
  isEnterpriseUser(p) && !!row && !!row.enterpriseCode && row.enterpriseCode === p.enterprise;

function keep<S extends string, A extends string>(
  states: readonly S[],
  action: A,
  allowed: (p: Principal, row: Scoped | undefined) => boolean,
): Array<Transition<S, A, Scoped>> {
  return states.map((s) => ({ from: [s], action, to: s, allowed }));
}

export const jobPostingWorkflow = defineWorkflow<JobPostingStatus, JobPostingAction, Scoped>('jobPosting', [
  { from: null, action: 'CREATE', to: 'DRAFT', allowed: isEnterpriseUser },
  { from: ['DRAFT', 'REJECTED', 'WITHDRAWN'], action: 'SUBMIT', to: 'PENDING_REVIEW', allowed: poster },
  { from: ['PENDING_REVIEW'], action: 'APPROVE', to: 'PUBLISHED', allowed: hrssKeeper },
  { from: ['PENDING_REVIEW'], action: 'REJECT', to: 'REJECTED', allowed: hrssKeeper },
  // The enterprise's change of what the public saw is moderated again.
  { from: ['PUBLISHED', 'CLOSED', 'EXPIRED'], action: 'UPDATE', to: 'PENDING_REVIEW', allowed: poster },
  ...keep(['DRAFT', 'PENDING_REVIEW', 'REJECTED', 'WITHDRAWN'] as const, 'UPDATE' as const, poster),
  // 人社局's correction keeps the state.
  ...keep(
    ['PENDING_REVIEW', 'PUBLISHED', 'REJECTED', 'CLOSED', 'EXPIRED', 'WITHDRAWN'] as const,
    'UPDATE' as const,
    hrssKeeper,
  ),
  { from: ['PUBLISHED'], action: 'CLOSE', to: 'CLOSED', allowed: (p, r) => poster(p, r) || hrssKeeper(p, r) },
  { from: ['CLOSED', 'EXPIRED'], action: 'REOPEN', to: 'PUBLISHED', allowed: poster },
  {
    from: ['DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'REJECTED', 'CLOSED', 'EXPIRED'],
    action: 'WITHDRAW',
    to: 'WITHDRAWN',
    allowed: poster,
  },
  {
    from: ['PENDING_REVIEW', 'PUBLISHED', 'CLOSED', 'EXPIRED'],
    action: 'WITHDRAW',
    to: 'WITHDRAWN',
    allowed: hrssKeeper,
  },
]);

export type JobApplicationAction = 'SUBMIT' | 'SHORTLIST' | 'INVITE' | 'REJECT' | 'HIRE' | 'WITHDRAW';

/** What the rules look at on an application. */
export interface Applied extends Scoped {
  applicantSub: string;
}

/** The person who applied. */
export const applicant = (p: Principal, row: Applied | undefined): boolean =>
  isPerson(p) && !!row && row.applicantSub === p.sub;

export const jobApplicationWorkflow = defineWorkflow<JobApplicationStatus, JobApplicationAction, Applied>(
  'jobApplication',
  [
    { from: null, action: 'SUBMIT', to: 'SUBMITTED', allowed: isPerson },
    { from: ['SUBMITTED'], action: 'SHORTLIST', to: 'SHORTLISTED', allowed: poster },
    { from: ['SUBMITTED', 'SHORTLISTED', 'INTERVIEW'], action: 'INVITE', to: 'INTERVIEW', allowed: poster },
    { from: ['SUBMITTED', 'SHORTLISTED', 'INTERVIEW'], action: 'REJECT', to: 'REJECTED', allowed: poster },
    { from: ['SUBMITTED', 'SHORTLISTED', 'INTERVIEW'], action: 'HIRE', to: 'HIRED', allowed: poster },
    { from: ['SUBMITTED', 'SHORTLISTED', 'INTERVIEW'], action: 'WITHDRAW', to: 'WITHDRAWN', allowed: applicant },
  ],
);

export type TalentPolicyAction = 'CREATE' | 'PUBLISH' | 'UPDATE' | 'WITHDRAW';

export const talentPolicyWorkflow = defineWorkflow<TalentPolicyStatus, TalentPolicyAction, Scoped>('talentPolicy', [
  { from: null, action: 'CREATE', to: 'DRAFT', allowed: hrssKeeper },
  { from: ['DRAFT', 'EXPIRED', 'WITHDRAWN'], action: 'PUBLISH', to: 'PUBLISHED', allowed: hrssKeeper },
  ...keep(['DRAFT', 'PUBLISHED', 'EXPIRED', 'WITHDRAWN'] as const, 'UPDATE' as const, hrssKeeper),
  { from: ['DRAFT', 'PUBLISHED', 'EXPIRED'], action: 'WITHDRAW', to: 'WITHDRAWN', allowed: hrssKeeper },
]);

/** The actions the caller may take now, each once (UPDATE and WITHDRAW have several transitions). */
export function availableActions<S extends string, A extends string, R>(
  workflow: Workflow<S, A, R>,
  status: string,
  principal: Principal,
  row: R,
): A[] {
  return [...new Set(workflow.available(status as S, principal, row))];
}
