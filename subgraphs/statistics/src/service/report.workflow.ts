/**
 * The data-reporting workflow (数据报送) as a transition table. A subject is one version of a report: the enterprise
 * submits it (报送), 统计局 or 工信局 in its county accepts (审核通过) or returns it (退回), and once it is accepted or
 * returned the enterprise may correct it (更正), which keeps this version as it was and files the next one.
 */
import { coversUnit, defineWorkflow, type Principal } from '@qq/kit';
import type { ReportStatus } from '@qq/db/schema/statistics';
import { SCOPE_POLICY } from './access.ts';

export type ReportAction = 'submit' | 'accept' | 'return' | 'correct';

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
  { from: null, action: 'submit', to: 'SUBMITTED', allowed: isFiler },
  { from: ['DRAFT'], action: 'submit', to: 'SUBMITTED', allowed: isFiler },
  { from: ['SUBMITTED'], action: 'accept', to: 'ACCEPTED', allowed: isReviewer },
  { from: ['SUBMITTED'], action: 'return', to: 'RETURNED', allowed: isReviewer },
  // A correction leaves the replaced version in its state; only its `current` flag changes.
  { from: ['ACCEPTED'], action: 'correct', to: 'ACCEPTED', allowed: isFiler },
  { from: ['RETURNED'], action: 'correct', to: 'RETURNED', allowed: isFiler },
]);
