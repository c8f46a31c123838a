/**
 * The matter workflow as data (Art. 7): one row per state, action and outcome, who may take it, and the next state.
 *
 *   SUBMITTED ─DISPATCH→ DISPATCHED ─SIGN→ SIGNED ─REPLY→ REPLIED ─RESOLVE→ RESOLVED ─CONFIRM→ CONFIRMED
 *                                                              └─RESOLVE (partly)→ PARTLY_RESOLVED ─RESOLVE→ RESOLVED
 *   RESOLVED / PARTLY_RESOLVED ─REOPEN→ REOPENED ─REPLY / RESOLVE→ …   (back to the owner, counted)
 *   SIGNED ─REQUEST_TRANSFER→ TRANSFER_REQUESTED ─DECIDE_TRANSFER (approved)→ DISPATCHED (to the new unit)
 *                                                └─DECIDE_TRANSFER (declined, 退回)→ SIGNED (the owner keeps it)
 *   RESOLVED ─CLOSE (quiet period over, a job)→ CLOSED;  open states ─ESCALATE (a job)→ the same state
 *
 * An action with two outcomes (RESOLVE fully or partly) has one row per outcome; the service passes the outcome the
 * caller chose on the subject. Actions that keep the state (SUPPLEMENT, ADD_CO_HANDLER, REPLY_AS_CO_HANDLER, FOLLOW,
 * RATE) have one row per state they apply in. Conditions beyond the state and the caller (the transfer window, once-only
 * steps) are in `matter.conditions.ts`: unmet, they are a CONFLICT too.
 */
import { CITY_CODE, defineWorkflow, type Principal } from '@qq/kit';
import { FIRST_HANDLER, OPEN_STATUSES, STATUSES, type MatterAction, type MatterStatus } from '../domain.ts';
import type { CoHandlerRow, MatterRow } from '../store/matters.store.ts';
import { unmetCondition } from './matter.conditions.ts';

/** The row of a matter with its co-handlers, and what the caller asks for (the outcome of RESOLVE or DECIDE_TRANSFER). */
export type MatterSubject = MatterRow & {
  outcome?: 'FULL' | 'PARTLY' | 'APPROVE' | 'DECLINE';
  /** Loaded for the steps of callers; the jobs' own steps do not read them. */
  coHandlers?: readonly CoHandlerRow[];
};

const covers = (p: Principal, countyCode: string) => p.county === CITY_CODE || p.county === countyCode;

/** The enterprise's own users. */
export const isOwnEnterprise = (p: Principal, row: MatterRow | undefined) =>
  p.role === 'enterprise' && !!row && !!p.enterprise && p.enterprise === row.enterpriseCode;

/** The dispatcher (分派): staff of 发改委 whose county scope covers the matter's county. */
export const isDispatcher = (p: Principal, row: MatterRow | undefined) =>
  p.role === 'staff' && p.dept === FIRST_HANDLER && !!row && covers(p, row.countyCode);

/** Staff of the unit the matter is assigned to now (after signing: its owner, 首接责任单位). */
export const isOwnerUnit = (p: Principal, row: MatterRow | undefined) =>
  p.role === 'staff' && !!row && p.dept === row.departmentCode && covers(p, row.countyCode);

/** Staff of a co-handling unit (协办单位) of the matter: its department in its county. */
export const isCoHandlerUnit = (p: Principal, row: MatterSubject | undefined) =>
  p.role === 'staff' &&
  !!row &&
  !!row.coHandlers?.some((c) => c.departmentCode === p.dept && c.countyCode === p.county);

/** Who may raise a matter: an enterprise user for its own enterprise, staff of any department, a department's system. */
const mayRaise = (p: Principal) =>
  (p.role === 'enterprise' && !!p.enterprise) || ((p.role === 'staff' || p.role === 'system') && !!p.dept);

/** The subgraph's scheduled jobs act as a system principal of no department (`jobs.ts`). */
export const isClockJob = (p: Principal) => p.role === 'system' && !p.dept && !!p.sub?.startsWith('complaints.');

const notFinal = STATUSES.filter((s) => s !== 'CONFIRMED' && s !== 'CLOSED');
/** States in which a unit owns the matter and handles it. */
const OWNED: MatterStatus[] = ['SIGNED', 'REPLIED', 'PARTLY_RESOLVED', 'REOPENED'];
/** One row per state for an action that keeps the state. */
const keeping = (
  states: readonly MatterStatus[],
  action: MatterAction,
  allowed: (p: Principal, row: MatterSubject | undefined) => boolean,
) => states.map((s) => ({ from: [s], action, to: s, allowed }));

export const matterWorkflow = defineWorkflow<MatterStatus, MatterAction, MatterSubject>('matter', [
  { from: null, action: 'SUBMIT', to: 'SUBMITTED', allowed: mayRaise },
  { from: ['SUBMITTED'], action: 'DISPATCH', to: 'DISPATCHED', allowed: isDispatcher },
  { from: ['DISPATCHED'], action: 'SIGN', to: 'SIGNED', allowed: isOwnerUnit },
  { from: ['SIGNED', 'REOPENED'], action: 'REPLY', to: 'REPLIED', allowed: isOwnerUnit },
  {
    from: ['REPLIED', 'PARTLY_RESOLVED', 'REOPENED'],
    action: 'RESOLVE',
    to: 'RESOLVED',
    allowed: (p, row) => isOwnerUnit(p, row) && row?.outcome !== 'PARTLY',
  },
  {
    from: ['REPLIED', 'PARTLY_RESOLVED', 'REOPENED'],
    action: 'RESOLVE',
    to: 'PARTLY_RESOLVED',
    allowed: (p, row) => isOwnerUnit(p, row) && row?.outcome === 'PARTLY',
  },
  // Adding information (补充材料) keeps the state; the enterprise may do it until the matter is closed.
  ...notFinal.map((s) => ({
    from: [s],
    action: 'SUPPLEMENT' as const,
    to: s,
    allowed: isOwnEnterprise,
  })),
  { from: ['RESOLVED'], action: 'CONFIRM', to: 'CONFIRMED', allowed: isOwnEnterprise },
  { from: ['RESOLVED', 'PARTLY_RESOLVED'], action: 'REOPEN', to: 'REOPENED', allowed: isOwnEnterprise },
  // 首接责任制: the owner asks, within 2 working days of signing, to pass on a matter that is not its job; the dispatcher
  // decides once and finally: approved, the matter goes to the new unit to sign; declined (退回), the owner keeps it.
  { from: ['SIGNED'], action: 'REQUEST_TRANSFER', to: 'TRANSFER_REQUESTED', allowed: isOwnerUnit },
  {
    from: ['TRANSFER_REQUESTED'],
    action: 'DECIDE_TRANSFER',
    to: 'DISPATCHED',
    allowed: (p, row) => isDispatcher(p, row) && row?.outcome !== 'DECLINE',
  },
  {
    from: ['TRANSFER_REQUESTED'],
    action: 'DECIDE_TRANSFER',
    to: 'SIGNED',
    allowed: (p, row) => isDispatcher(p, row) && row?.outcome === 'DECLINE',
  },
  // 协办: the owner or the dispatcher adds units; each gives its own reply; the owner stays responsible.
  ...keeping(OWNED, 'ADD_CO_HANDLER', (p, row) => isOwnerUnit(p, row) || isDispatcher(p, row)),
  ...keeping(OWNED, 'REPLY_AS_CO_HANDLER', isCoHandlerUnit),
  // The enterprise raises an open matter again instead of a duplicate (重复反映), and rates a resolved one once.
  ...keeping(OPEN_STATUSES, 'FOLLOW', isOwnEnterprise),
  ...keeping(['RESOLVED', 'CONFIRMED', 'CLOSED'], 'RATE', isOwnEnterprise),
  // The clock's own steps (jobs.ts): a missed stage climbs the escalation ladder and keeps the state; a resolved
  // matter with no answer from the enterprise closes after the quiet period.
  ...OPEN_STATUSES.map((s) => ({ from: [s], action: 'ESCALATE' as const, to: s, allowed: isClockJob })),
  { from: ['RESOLVED'], action: 'CLOSE', to: 'CLOSED', allowed: isClockJob },
]);

/** The actions the caller may take now, each once (an action with two outcomes is one button). */
export function availableActions(row: MatterSubject, principal: Principal, now: Date): MatterAction[] {
  return [...new Set(matterWorkflow.available(row.status as MatterStatus, principal, row))].filter(
    (action) => !unmetCondition(action, row, principal, now),
  );
}
