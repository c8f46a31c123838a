/**
 * 企业便利化 (办业务) as data: who keeps the service catalogue and the transition table of a catalogue entry. The Big
 * Data Bureau leads the module (Art. 4): its staff keep every entry of their county scope; each other department keeps
 * its own services, a city department's staff for every unit, a county department's for its county.
 */
import type { ServiceStatus } from '@qq/db/schema/platform';
import { coversUnit, defineWorkflow, type Principal, type ScopePolicy, type Workflow } from '@qq/kit';

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
