/**
 * The two workflows of the module as transition tables (DESIGN.md: workflows are data). Every action has its mutation,
 * named verb + entity (`publishPolicy`, `receiveRedemptionApplication`).
 */
import type { PolicyStatus, RedemptionStatus } from '@qq/db/schema/policies';
import { CITY_CODE, coversUnit, defineWorkflow, type Principal } from '@qq/kit';
import { MODULE_SCOPE } from '../access.ts';

export const POLICY_ACTIONS = ['CREATE', 'REVISE', 'SUBMIT', 'PUBLISH', 'REJECT', 'WITHDRAW', 'EXPIRE'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

export const REDEMPTION_ACTIONS = [
  'SUBMIT',
  'RECEIVE',
  'ACCEPT',
  'RETURN',
  'RESUBMIT',
  'PROCESS',
  'COMPLETE',
  'DISCLOSE',
] as const;
export type RedemptionAction = (typeof REDEMPTION_ACTIONS)[number];

/** The permission a reviewer holds in the issuing department (谁发布，谁审核). */
export const REVIEW_PERMISSION = 'policy:review';

/** What the policy rules look at on a policy row. */
export interface PolicySubject {
  departmentCode: string;
  countyCode: string;
  createdBy: string;
}

/** What the redemption rules look at on an application row. */
export interface ApplicationSubject {
  enterpriseCode: string;
  departmentCode: string;
  countyCode: string;
}

/**
 * Staff of the issuing department in the issuing unit (谁发布，谁审核: a county bureau handles its own policies, the
 * city bureau the city's). A new draft belongs to the caller's own department and county.
 */
function issuer(p: Principal, row: PolicySubject | undefined): boolean {
  if (p.role !== 'staff' || !p.dept || !p.county) return false;
  return !row || (row.departmentCode === p.dept && row.countyCode === p.county);
}

/** A holder of `policy:review` in the issuing department and unit. */
function reviewerOfUnit(p: Principal, row: PolicySubject | undefined): boolean {
  return !!row && issuer(p, row) && p.perms.includes(REVIEW_PERMISSION);
}

/** A second person of the issuing department holding `policy:review`: never the author. */
function reviewer(p: Principal, row: PolicySubject | undefined): boolean {
  return reviewerOfUnit(p, row) && row!.createdBy !== p.sub;
}

export const policyWorkflow = defineWorkflow<PolicyStatus, PolicyAction, PolicySubject>('policy', [
  { from: null, action: 'CREATE', to: 'DRAFT', allowed: issuer },
  { from: ['DRAFT'], action: 'REVISE', to: 'DRAFT', allowed: issuer },
  { from: ['DRAFT'], action: 'SUBMIT', to: 'PENDING_REVIEW', allowed: issuer },
  { from: ['PENDING_REVIEW'], action: 'PUBLISH', to: 'PUBLISHED', allowed: reviewer },
  { from: ['PENDING_REVIEW'], action: 'REJECT', to: 'DRAFT', allowed: reviewer },
  { from: ['PUBLISHED'], action: 'WITHDRAW', to: 'WITHDRAWN', allowed: reviewerOfUnit },
  { from: ['PUBLISHED'], action: 'EXPIRE', to: 'EXPIRED', allowed: reviewerOfUnit },
]);

/** The enterprise itself, acting for its own applications. */
function applicant(p: Principal, row: ApplicationSubject | undefined): boolean {
  return p.role === 'enterprise' && !!p.enterprise && (!row || row.enterpriseCode === p.enterprise);
}

/**
 * Staff whose scope covers the handling department and county (万人助万企办 in its county included); a department's
 * own approval system (through the exchange) for its own department's applications in its unit (410400: every unit).
 */
export function handler(p: Principal, row: ApplicationSubject | undefined): boolean {
  if (!row) return false;
  if (p.role === 'system') {
    return p.dept === row.departmentCode && (p.county === CITY_CODE || p.county === row.countyCode);
  }
  return p.role === 'staff' && coversUnit(p, row.departmentCode, row.countyCode, MODULE_SCOPE);
}

export const redemptionWorkflow = defineWorkflow<RedemptionStatus, RedemptionAction, ApplicationSubject>('redemption', [
  { from: null, action: 'SUBMIT', to: 'SUBMITTED', allowed: applicant },
  { from: ['SUBMITTED'], action: 'RECEIVE', to: 'RECEIVED', allowed: handler },
  { from: ['RECEIVED'], action: 'ACCEPT', to: 'ACCEPTED', allowed: handler },
  { from: ['RECEIVED'], action: 'RETURN', to: 'RETURNED', allowed: handler },
  { from: ['RETURNED'], action: 'RESUBMIT', to: 'SUBMITTED', allowed: applicant },
  { from: ['ACCEPTED'], action: 'PROCESS', to: 'PROCESSING', allowed: handler },
  { from: ['PROCESSING'], action: 'COMPLETE', to: 'COMPLETED', allowed: handler },
  { from: ['COMPLETED'], action: 'DISCLOSE', to: 'DISCLOSED', allowed: handler },
]);
