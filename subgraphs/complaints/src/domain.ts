/** The vocabulary of matters (诉求与投诉): kinds, categories, statuses, reference numbers and the overdue rule. */
import { chinaDay, type DepartmentCode } from '@qq/kit';

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

export const STATUSES = ['SUBMITTED', 'SIGNED', 'REPLIED', 'RESOLVED', 'CONFIRMED', 'REOPENED'] as const;
export type MatterStatus = (typeof STATUSES)[number];

/** Matters whose handling is not finished (未办结); RESOLVED (已办结) and CONFIRMED (已确认) are done. */
export const OPEN_STATUSES: readonly MatterStatus[] = ['SUBMITTED', 'SIGNED', 'REPLIED', 'REOPENED'];

export const ACTIONS = ['SUBMIT', 'SIGN', 'DISPATCH', 'REPLY', 'RESOLVE', 'CONFIRM', 'REOPEN'] as const;
export type MatterAction = (typeof ACTIONS)[number];

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

export const CLOCK_STEPS = ['SIGN', 'REPLY', 'RESOLVE', 'REPORT'] as const;
export type ClockStep = (typeof CLOCK_STEPS)[number];

/** The columns the overdue rule reads. */
export interface ClockRow {
  signDueAt: Date;
  replyDueAt: Date;
  resolveDueAt: Date;
  reportDueAt: Date;
  signedAt: Date | null;
  repliedAt: Date | null;
  resolvedAt: Date | null;
  reportedAt: Date | null;
  closedAt: Date | null;
}

/**
 * A step is overdue when it was done after its deadline, or is not done and the deadline has passed. A closed matter
 * stops every clock at its closing. The store's `overdue` filter states the same rule in SQL.
 */
export function overdueSteps(row: ClockRow, now: Date): ClockStep[] {
  const steps: Array<[ClockStep, Date | null, Date]> = [
    ['SIGN', row.signedAt, row.signDueAt],
    ['REPLY', row.repliedAt, row.replyDueAt],
    ['RESOLVE', row.resolvedAt, row.resolveDueAt],
    ['REPORT', row.reportedAt, row.reportDueAt],
  ];
  return steps.filter(([, done, due]) => (done ?? row.closedAt ?? now).getTime() > due.getTime()).map(([s]) => s);
}
