/**
 * The matter workflow as data (Art. 7). Today: the enterprise submits (提交), a unit in scope signs for it (签收) and
 * becomes its first acceptor (首接责任制). Later steps (dispatch, reply, resolve, confirm, reopen) extend this table.
 */
import { coversUnit, defineWorkflow, type Principal } from '@qq/kit';
import { LEADS, type MatterAction, type MatterStatus } from '../domain.ts';
import type { MatterRow } from '../store/matters.store.ts';

const isEnterpriseUser = (p: Principal) => p.role === 'enterprise' && !!p.enterprise;

/** Staff whose scope covers the unit handling the matter (发改委 staff: any matter of their county scope). */
const isStaffInScope = (p: Principal, row: MatterRow | undefined) =>
  p.role === 'staff' && !!row && coversUnit(p, row.departmentCode, row.countyCode, { leads: LEADS });

export const matterWorkflow = defineWorkflow<MatterStatus, MatterAction, MatterRow>('matter', [
  { from: null, action: 'SUBMIT', to: 'SUBMITTED', allowed: (p) => isEnterpriseUser(p) },
  { from: ['SUBMITTED'], action: 'SIGN', to: 'SIGNED', allowed: isStaffInScope },
]);
