/**
 * Conditions of matter steps beyond the state and the caller (the transition table decides those): when one is not
 * met, the step is not possible now (CONFLICT) and `availableActions` leaves it out.
 */
import { workingDeadline, type Principal } from '@qq/kit';
import { TRANSFER_WINDOW_DAYS, type MatterAction } from '../domain.ts';
import type { CoHandlerRow, MatterRow, TransferRow } from '../store/matters.store.ts';

interface Subject extends MatterRow {
  coHandlers: readonly CoHandlerRow[];
  transfer: TransferRow | null;
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
  return row.coHandlers.find((c) => c.departmentCode === principal.dept && c.countyCode === principal.county);
}

type Condition = (row: Subject, principal: Principal, now: Date) => string | null;

/** The conditions, by action; actions without one depend on the state and the caller only. */
const CONDITIONS: Partial<Record<MatterAction, Condition>> = {
  REQUEST_TRANSFER: (row, _, now) => {
    if (row.transfer) return 'a matter is transferred at most once, and its transfer was already asked for';
    const due = transferDeadline(row.signedAt);
    if (!due || now.getTime() > due.getTime()) {
      return `a transfer is asked for within ${TRANSFER_WINDOW_DAYS} working days of signing, and they have passed`;
    }
    return null;
  },
  DECIDE_TRANSFER: (row) =>
    row.transfer?.outcome === 'PENDING' ? null : 'there is no transfer request waiting for a decision',
  REPLY_AS_CO_HANDLER: (row, principal) =>
    coHandlerOf(row, principal)?.repliedAt ? 'this co-handling unit has already replied' : null,
  RATE: (row) => (row.ratedAt ? 'the matter is already rated' : null),
};

/** Why `action` is not possible now for this caller, or null when nothing stands in the way. */
export function unmetCondition(action: MatterAction, row: Subject, principal: Principal, now: Date): string | null {
  return CONDITIONS[action]?.(row, principal, now) ?? null;
}
