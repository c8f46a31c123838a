/** The vocabulary of matters (诉求与投诉): kinds, categories, statuses, reference numbers and the overdue rule. */
import { COUNTIES, DEPARTMENT_LIST } from '@qq/db/reference';
import { chinaDay, CITY_CODE, type DepartmentCode } from '@qq/kit';

/** Lead department of the module (Art. 7): its staff see every matter of their county scope. */
export const LEADS: readonly DepartmentCode[] = ['ndrc'];
/** The department that handles a matter first (发改委 of the matter's county). */
export const FIRST_HANDLER: DepartmentCode = 'ndrc';

export const KINDS = ['REQUEST', 'COMPLAINT'] as const;
export type MatterKind = (typeof KINDS)[number];

export const CATEGORIES = [
  'GOVERNMENT_SERVICE',
  'FACTOR_SUPPORT',
  'FINANCING',
  'EMPLOYMENT',
  'ENTERPRISE_FEES',
  'LAW_ENFORCEMENT',
  'POLICY_IMPLEMENTATION',
  'PAYMENT_ARREARS',
  'MARKET_ACCESS',
  'OTHER',
] as const;
export type MatterCategory = (typeof CATEGORIES)[number];

export const STATUSES = [
  'SUBMITTED',
  'DISPATCHED',
  'SIGNED',
  'TRANSFER_REQUESTED',
  'REPLIED',
  'PARTLY_RESOLVED',
  'RESOLVED',
  'REOPENED',
  'CONFIRMED',
  'CLOSED',
] as const;
export type MatterStatus = (typeof STATUSES)[number];

/**
 * Matters whose handling is not finished (未办结). PARTLY_RESOLVED is open: something remains to be done. RESOLVED
 * (已办结) waits for the enterprise; CONFIRMED and CLOSED are done for good.
 */
export const OPEN_STATUSES: readonly MatterStatus[] = [
  'SUBMITTED',
  'DISPATCHED',
  'SIGNED',
  'TRANSFER_REQUESTED',
  'REPLIED',
  'PARTLY_RESOLVED',
  'REOPENED',
];
/** Matters that are closed for good: no step but rating is possible. */
export const FINAL_STATUSES: readonly MatterStatus[] = ['CONFIRMED', 'CLOSED'];

export const ACTIONS = [
  'SUBMIT',
  'DISPATCH',
  'SIGN',
  'REQUEST_TRANSFER',
  'DECIDE_TRANSFER',
  'ADD_CO_HANDLER',
  'REPLY_AS_CO_HANDLER',
  'REPLY',
  'RESOLVE',
  'SUPPLEMENT',
  'FOLLOW',
  'CONFIRM',
  'REOPEN',
  'RATE',
  'ESCALATE',
  'CLOSE',
] as const;
export type MatterAction = (typeof ACTIONS)[number];

/** Working days after signing within which the owner may ask for a transfer (转办申请, 首接责任制). */
export const TRANSFER_WINDOW_DAYS = 2;
/** Outcomes of a transfer request: waiting for the dispatcher, approved, declined (退回). */
export const TRANSFER_OUTCOMES = ['PENDING', 'APPROVED', 'DECLINED'] as const;
export type TransferOutcome = (typeof TRANSFER_OUTCOMES)[number];
/** Steps between government units: the enterprise sees the step and its time, not its note. */
export const INTERNAL_ACTIONS: readonly MatterAction[] = [
  'REQUEST_TRANSFER',
  'DECIDE_TRANSFER',
  'ADD_CO_HANDLER',
  'REPLY_AS_CO_HANDLER',
];

/**
 * Actions of the clock itself, taken by the subgraph's scheduled jobs (`jobs.ts`) and by no caller: escalating a
 * missed stage (催办 → 交办单 → 督办函) and closing a resolved matter after the quiet period. They have rows in the
 * transition table (allowed to the jobs' system principal only) and no mutation.
 */
export const SYSTEM_ACTIONS: readonly MatterAction[] = ['ESCALATE', 'CLOSE'];

/** How a matter reached the platform (来源渠道). */
export const SOURCES = ['PORTAL', 'MINI_PROGRAM', 'VISIT', 'HOTLINE', 'WINDOW', 'OTHER'] as const;
export type MatterSource = (typeof SOURCES)[number];
/** Channels of an enterprise's own users. */
export const ENTERPRISE_SOURCES: readonly MatterSource[] = ['PORTAL', 'MINI_PROGRAM'];
/** Channels of staff and departments' systems raising a matter for an enterprise. */
export const STAFF_SOURCES: readonly MatterSource[] = ['VISIT', 'HOTLINE', 'WINDOW', 'OTHER'];

export const KIND_PREFIX: Record<MatterKind, string> = { COMPLAINT: 'TS', REQUEST: 'SQ' };
export const KIND_LABEL: Record<MatterKind, string> = { COMPLAINT: '投诉', REQUEST: '诉求' };

/** `TS-20261127-0001`: kind prefix, China calendar day of submission, daily sequence (at least four digits). */
export const REFERENCE_PATTERN = /^(TS|SQ)-\d{8}-\d{4,}$/;

export function referenceDay(submittedAt: Date): string {
  return chinaDay(submittedAt).replaceAll('-', '');
}

export function formatReference(kind: MatterKind, day: string, seq: number): string {
  return `${KIND_PREFIX[kind]}-${day}-${String(seq).padStart(4, '0')}`;
}

export const CLOCK_STEPS = ['DISPATCH', 'SIGN', 'REPLY', 'RESOLVE', 'REPORT'] as const;
export type ClockStep = (typeof CLOCK_STEPS)[number];

/** The columns the clock reads. */
export interface ClockRow {
  dispatchDueAt: Date | null;
  signDueAt: Date | null;
  replyDueAt: Date | null;
  resolveDueAt: Date | null;
  reportDueAt: Date | null;
  dispatchedAt: Date | null;
  signedAt: Date | null;
  repliedAt: Date | null;
  resolvedAt: Date | null;
  reportedAt: Date | null;
  closedAt: Date | null;
}

/** Each stage of the clock: its deadline (null until the clock of the stage starts) and when it was done. */
export function clockStages(row: ClockRow): Array<{ step: ClockStep; dueAt: Date | null; doneAt: Date | null }> {
  return [
    { step: 'DISPATCH', dueAt: row.dispatchDueAt, doneAt: row.dispatchedAt },
    { step: 'SIGN', dueAt: row.signDueAt, doneAt: row.signedAt },
    { step: 'REPLY', dueAt: row.replyDueAt, doneAt: row.repliedAt },
    { step: 'RESOLVE', dueAt: row.resolveDueAt, doneAt: row.resolvedAt },
    { step: 'REPORT', dueAt: row.reportDueAt, doneAt: row.reportedAt },
  ];
}

/**
 * A stage is overdue when it was done after its deadline, or is not done and the deadline has passed. A closed matter
 * stops every clock at its closing. The store's `overdue` filter states the same rule in SQL.
 */
export function overdueSteps(row: ClockRow, now: Date): ClockStep[] {
  return clockStages(row)
    .filter(({ dueAt, doneAt }) => !!dueAt && (doneAt ?? row.closedAt ?? now).getTime() > dueAt.getTime())
    .map(({ step }) => step);
}

/** A unit's name for messages: 市人社局 (city level), 叶县人社局 (a county's). */
export function unitLabel(departmentCode: string, countyCode: string): string {
  const dept = DEPARTMENT_LIST.find((d) => d.code === departmentCode)?.shortName ?? departmentCode;
  if (countyCode === CITY_CODE) return dept;
  const county = COUNTIES.find((c) => c.code === countyCode)?.name ?? countyCode;
  return `${county}${dept.replace(/^市/, '')}`;
}
