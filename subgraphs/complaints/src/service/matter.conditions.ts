/**
 * Conditions of matter steps beyond the state and the caller (the transition table decides those): when one is not
 * met, the step is not possible now (CONFLICT) and `availableActions` leaves it out.
 */
import { workingDeadline, type Principal } from '@qq/kit';
import { TRANSFER_WINDOW_DAYS, type MatterAction, type TransferOutcome } from '../domain.ts';
import type { CoHandlerRow, MatterRow } from '../store/matters.store.ts';

interface Subject extends MatterRow {
  coHandlers?: readonly CoHandlerRow[];
}

/** The transfer request of a matter (its `transfer…` columns), as `Matter.transfers` shows it. */
export interface TransferView {
  fromDepartmentCode: string;
  fromCountyCode: string;
  proposedDepartmentCode: string;
  proposedCountyCode: string;
  reason: string | null;
  requestedAt: Date;
  outcome: TransferOutcome;
  /** The unit the matter went to; null unless approved. */
  toDepartmentCode: string | null;
  toCountyCode: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
}

/** The matter's transfer request, or null when none was asked for. */
export function transferOf(row: MatterRow): TransferView | null {
  if (!row.transferRequestedAt || !row.transferFromDepartmentCode || !row.transferFromCountyCode) return null;
  const approved = row.transferApproved === true;
  return {
    fromDepartmentCode: row.transferFromDepartmentCode,
    fromCountyCode: row.transferFromCountyCode,
    proposedDepartmentCode: row.transferProposedDepartmentCode ?? row.transferToDepartmentCode ?? '',
    proposedCountyCode: row.transferProposedCountyCode ?? row.transferToCountyCode ?? '',
    reason: row.transferReason,
    requestedAt: row.transferRequestedAt,
    outcome: row.transferApproved === null ? 'PENDING' : approved ? 'APPROVED' : 'DECLINED',
    toDepartmentCode: approved ? row.transferToDepartmentCode : null,
    toCountyCode: approved ? row.transferToCountyCode : null,
    decidedAt: row.transferDecidedAt,
    decisionNote: row.transferDecisionNote,
  };
}

/**
 * The last instant the owner may ask for a transfer (转办申请): the end of the second working day after the day of
 * signing, on the working-day calendar (a Friday's signing runs to Tuesday; holidays do not count, make-up working
 * days do). Null before signing.
 */
export function transferDeadline(signedAt: Date | null): Date | null {
  return signedAt ? workingDeadline(signedAt, TRANSFER_WINDOW_DAYS) : null;
}

/** The co-handler row of the caller's unit (its department in its county), if any. */
export function coHandlerOf(row: Subject, principal: Principal): CoHandlerRow | undefined {
  return row.coHandlers?.find((c) => c.departmentCode === principal.dept && c.countyCode === principal.county);
}

type Condition = (row: Subject, principal: Principal, now: Date) => string | null;

/** The conditions, by action; actions without one depend on the state and the caller only. */
const CONDITIONS: Partial<Record<MatterAction, Condition>> = {
  REQUEST_TRANSFER: (row, _, now) => {
    if (row.transferRequestedAt) return 'a matter is transferred at most once, and its transfer was already asked for';
    const due = transferDeadline(row.signedAt);
    if (!due || now.getTime() > due.getTime()) {
      return `a transfer is asked for within ${TRANSFER_WINDOW_DAYS} working days of signing, and they have passed`;
    }
    return null;
  },
  DECIDE_TRANSFER: (row) =>
    row.transferRequestedAt && row.transferApproved === null
      ? null
      : 'there is no transfer request waiting for a decision',
  REPLY_AS_CO_HANDLER: (row, principal) =>
    coHandlerOf(row, principal)?.repliedAt ? 'this co-handling unit has already replied' : null,
  RATE: (row) => (row.ratedAt ? 'the matter is already rated' : null),
};

/** Why `action` is not possible now for this caller, or null when nothing stands in the way. */
export function unmetCondition(action: MatterAction, row: Subject, principal: Principal, now: Date): string | null {
  return CONDITIONS[action]?.(row, principal, now) ?? null;
}
