/**
 * The data-reporting workflow (数据报送) as a transition table. A subject is one version of a report: the enterprise
 * saves a draft (暂存) and submits it (报送); 统计局 or 工信局 of its county accepts it (审核通过) or returns it with
 * reasons (退回). A returned version is resubmitted (重报) and an accepted one corrected (更正): both keep the version
 * as it was, no longer current, and file the next version, which waits for review again.
 */
import { coversUnit, defineWorkflow, type Principal } from '@qq/kit';
import type { ReportStatus } from '@qq/db/schema/statistics';
import { SCOPE_POLICY } from './access.ts';

export type ReportAction = 'draft' | 'submit' | 'accept' | 'return' | 'resubmit' | 'correct';

/** The GraphQL enum value of each action (`StatisticalReportAction`) and its mutation. */
export const ACTION_ENUM: Record<ReportAction, string> = {
  draft: 'DRAFT',
  submit: 'SUBMIT',
  accept: 'ACCEPT',
  return: 'RETURN',
  resubmit: 'RESUBMIT',
  correct: 'CORRECT',
};

/** What the rules need to know of a version. */
export interface ReportSubject {
  enterpriseCode: string;
  departmentCode: string;
  countyCode: string;
}

/** The enterprise itself (on creation there is no row yet; the service files for the caller's own enterprise). */
const isFiler = (p: Principal, row: ReportSubject | undefined) =>
  p.role === 'enterprise' && !!p.enterprise && (row === undefined || row.enterpriseCode === p.enterprise);

/** Staff of a lead department whose county scope covers the report. */
const isReviewer = (p: Principal, row: ReportSubject | undefined) =>
  p.role === 'staff' && row !== undefined && coversUnit(p, row.departmentCode, row.countyCode, SCOPE_POLICY);

export const reportWorkflow = defineWorkflow<ReportStatus, ReportAction, ReportSubject>('statistical-report', [
  { from: null, action: 'draft', to: 'DRAFT', allowed: isFiler },
  { from: ['DRAFT'], action: 'draft', to: 'DRAFT', allowed: isFiler },
  { from: null, action: 'submit', to: 'SUBMITTED', allowed: isFiler },
  { from: ['DRAFT'], action: 'submit', to: 'SUBMITTED', allowed: isFiler },
  { from: ['SUBMITTED'], action: 'accept', to: 'ACCEPTED', allowed: isReviewer },
  { from: ['SUBMITTED'], action: 'return', to: 'RETURNED', allowed: isReviewer },
  // Resubmission and correction leave the replaced version in its state; only its `current` flag changes, and the
  // next version starts as SUBMITTED.
  { from: ['RETURNED'], action: 'resubmit', to: 'RETURNED', allowed: isFiler },
  { from: ['ACCEPTED'], action: 'correct', to: 'ACCEPTED', allowed: isFiler },
]);
