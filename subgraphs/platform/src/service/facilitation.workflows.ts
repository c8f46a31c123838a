/**
 * 企业便利化 (办业务) as data: who keeps the service catalogue and the transition table of a catalogue entry. The Big
 * Data Bureau leads the module (Art. 4): its staff keep every entry of their county scope; each other department keeps
 * its own services, a city department's staff for every unit, a county department's for its county.
 */
import type { CaseStatus, ServiceStatus } from '@qq/db/schema/platform';
import { CITY_CODE, coversUnit, defineWorkflow, type Principal, type ScopePolicy, type Workflow } from '@qq/kit';

export const FACILITATION_SCOPE: ScopePolicy = { leads: ['bigdata'] };

/** What the rules look at on a row (or on the row about to be created). */
export interface UnitScoped {
  departmentCode: string;
  countyCode: string;
}

/** Staff whose department and county cover the unit (the Big Data Bureau's staff cover every department). */
export function keepsUnit(p: Principal, row: UnitScoped | undefined): boolean {
  return p.role === 'staff' && !!row && coversUnit(p, row.departmentCode, row.countyCode, FACILITATION_SCOPE);
}

export type ServiceAction = 'CREATE' | 'PUBLISH' | 'UPDATE' | 'WITHDRAW';

/** 事项清单: 草稿 → 已发布 ⇄ 已撤回; an update saves a new version and keeps the state. */
export const serviceWorkflow = defineWorkflow<ServiceStatus, ServiceAction, UnitScoped>('service', [
  { from: null, action: 'CREATE', to: 'DRAFT', allowed: keepsUnit },
  { from: ['DRAFT', 'WITHDRAWN'], action: 'PUBLISH', to: 'PUBLISHED', allowed: keepsUnit },
  { from: ['DRAFT'], action: 'UPDATE', to: 'DRAFT', allowed: keepsUnit },
  { from: ['PUBLISHED'], action: 'UPDATE', to: 'PUBLISHED', allowed: keepsUnit },
  { from: ['WITHDRAWN'], action: 'UPDATE', to: 'WITHDRAWN', allowed: keepsUnit },
  { from: ['DRAFT', 'PUBLISHED'], action: 'WITHDRAW', to: 'WITHDRAWN', allowed: keepsUnit },
]);

/** The actions the caller may take now, each once. */
export function availableActions<S extends string, A extends string, R>(
  workflow: Workflow<S, A, R>,
  status: S,
  principal: Principal,
  row: R,
): A[] {
  return [...new Set(workflow.available(status, principal, row))];
}

/**
 * A department's own system (`system` role) for the unit: its department, and its county or, for a city client
 * (410400), every county.
 */
export function systemOfUnit(p: Principal, row: UnitScoped | undefined): boolean {
  return (
    p.role === 'system' &&
    !!row &&
    p.dept === row.departmentCode &&
    (p.county === CITY_CODE || p.county === row.countyCode)
  );
}

/** What the case rules look at: the unit and the enterprise. */
export interface CaseScoped extends UnitScoped {
  enterpriseCode: string;
}

/** The handling unit's staff or its own system. */
const handler = (p: Principal, row: CaseScoped | undefined) => keepsUnit(p, row) || systemOfUnit(p, row);
/** A user of the enterprise the case is for. */
const applicant = (p: Principal, row: CaseScoped | undefined) =>
  p.role === 'enterprise' && !!row && p.enterprise === row.enterpriseCode;

export type CaseAction = 'RECEIVE' | 'ACCEPT' | 'REJECT' | 'RETURN' | 'RESUBMIT' | 'PROCESS' | 'CONCLUDE';

/**
 * 办件: 收件 (the enterprise applies online, or the counter or the department's system records it) → 受理 or 不予受理
 * → 办理 → 办结; 退回 at any open step for the enterprise to correct and resubmit.
 */
export const caseWorkflow = defineWorkflow<CaseStatus, CaseAction, CaseScoped>('case', [
  { from: null, action: 'RECEIVE', to: 'RECEIVED', allowed: (p, r) => applicant(p, r) || handler(p, r) },
  { from: ['RECEIVED'], action: 'ACCEPT', to: 'ACCEPTED', allowed: handler },
  { from: ['RECEIVED'], action: 'REJECT', to: 'REJECTED', allowed: handler },
  { from: ['RECEIVED', 'ACCEPTED', 'PROCESSING'], action: 'RETURN', to: 'RETURNED', allowed: handler },
  { from: ['RETURNED'], action: 'RESUBMIT', to: 'RECEIVED', allowed: (p, r) => applicant(p, r) || systemOfUnit(p, r) },
  { from: ['ACCEPTED'], action: 'PROCESS', to: 'PROCESSING', allowed: handler },
  { from: ['ACCEPTED', 'PROCESSING'], action: 'CONCLUDE', to: 'CONCLUDED', allowed: handler },
]);
