/**
 * The job posting review workflow (招聘岗位审核), as data: an enterprise submits a posting of its own enterprise, and
 * 人社局 staff whose scope covers the posting's county approve it (published) or reject it with a reason. Later steps
 * (closing a posting, re-submitting a rejected one) are added here as transitions.
 */
import type { JobPostingStatus } from '@qq/db/schema/talent';
import { coversUnit, defineWorkflow, type Principal } from '@qq/kit';
import type { JobPostingRow } from '../store/job-postings.store.ts';
import { REVIEWING_DEPARTMENT, TALENT_SCOPE } from '../store/scope.ts';

export type JobPostingAction = 'submit' | 'approve' | 'reject';

/** 人社局 staff whose county scope covers the posting (a county clerk: that county; city-wide staff: every county). */
export function isReviewerOf(principal: Principal, row: JobPostingRow | undefined): boolean {
  return (
    principal.role === 'staff' &&
    principal.dept === REVIEWING_DEPARTMENT &&
    !!row &&
    coversUnit(principal, row.departmentCode, row.countyCode, TALENT_SCOPE)
  );
}

export const jobPostingWorkflow = defineWorkflow<JobPostingStatus, JobPostingAction, JobPostingRow>('招聘岗位审核', [
  {
    from: null,
    action: 'submit',
    to: 'PENDING_REVIEW',
    allowed: (p) => p.role === 'enterprise' && !!p.enterprise,
  },
  { from: ['PENDING_REVIEW'], action: 'approve', to: 'PUBLISHED', allowed: isReviewerOf },
  { from: ['PENDING_REVIEW'], action: 'reject', to: 'REJECTED', allowed: isReviewerOf },
]);
