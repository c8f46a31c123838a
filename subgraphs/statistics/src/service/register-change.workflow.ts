/**
 * The register's upkeep (名录维护) as a transition table. A subject is one change proposed for an enterprise, a category
 * and a year (入库 or 退库), by the annual derivation or by hand: staff of 统计局 or 工信局 whose county covers it
 * confirm it (the register changes) or override it with a reason (the register stays as it was).
 */
import { coversUnit, defineWorkflow, type Principal } from '@qq/kit';
import type { RegisterChangeStatus } from '@qq/db/schema/statistics';
import { SCOPE_POLICY } from './access.ts';

export type RegisterChangeAction = 'propose' | 'confirm' | 'override';

/** The GraphQL enum value of each action a caller can take (`RegisterChangeAction`). */
export const REGISTER_ACTION_ENUM: Record<RegisterChangeAction, string> = {
  propose: 'PROPOSE',
  confirm: 'CONFIRM',
  override: 'OVERRIDE',
};

export interface RegisterChangeSubject {
  departmentCode: string;
  countyCode: string;
}

/** The derivation: 市统计局 city staff on demand, or the annual job (`system`). */
const isDeriver = (p: Principal) =>
  p.role === 'system' || (p.role === 'staff' && p.dept === 'stats' && (p.county === null || p.county === '410400'));

/**
 * A proposal by hand for one enterprise: 统计局 staff of its county or the city, and 工信局 staff for the category it
 * supervises (industry).
 */
const isProposer = (p: Principal, row: RegisterChangeSubject) =>
  p.role === 'staff' &&
  (p.dept === 'stats' || p.dept === row.departmentCode) &&
  coversUnit(p, row.departmentCode, row.countyCode, SCOPE_POLICY);

/** Staff of a lead department whose county scope covers the enterprise. */
const isReviewer = (p: Principal, row: RegisterChangeSubject | undefined) =>
  p.role === 'staff' && row !== undefined && coversUnit(p, row.departmentCode, row.countyCode, SCOPE_POLICY);

export const registerChangeWorkflow = defineWorkflow<RegisterChangeStatus, RegisterChangeAction, RegisterChangeSubject>(
  'register-change',
  [
    // Without a subject: the derivation of the whole city; with one: a proposal by hand for its enterprise.
    {
      from: null,
      action: 'propose',
      to: 'PROPOSED',
      allowed: (p, row) => (row === undefined ? isDeriver(p) : isProposer(p, row)),
    },
    { from: ['PROPOSED'], action: 'confirm', to: 'CONFIRMED', allowed: isReviewer },
    { from: ['PROPOSED'], action: 'override', to: 'OVERRIDDEN', allowed: isReviewer },
  ],
);
