/**
 * The commerce workflows as data (transition tables). This issue implements the first step of each (submit, raise);
 * moderation, matching and closing are the next steps, already stated here so that their mutations only add a service
 * method.
 */
import { coversUnit, defineWorkflow, type Principal } from '@qq/kit';
import { COMMERCE_SCOPE } from './scope.ts';

export type OpportunityStatus = 'PENDING' | 'PUBLISHED' | 'REJECTED' | 'CLOSED';
export type OpportunityAction = 'submit' | 'publish' | 'approve' | 'reject' | 'resubmit' | 'close';
export type FinancingNeedStatus = 'OPEN' | 'MATCHED' | 'FUNDED' | 'CLOSED';
export type FinancingNeedAction = 'raise' | 'match' | 'fund' | 'close';

interface Scoped {
  departmentCode: string;
  countyCode: string;
  enterpriseCode: string | null;
}

const isEnterpriseUser = (p: Principal) => p.role === 'enterprise' && !!p.enterprise;
const isOwner = (p: Principal, row: Scoped | undefined) =>
  isEnterpriseUser(p) && !!row && row.enterpriseCode === p.enterprise;
/** Staff of the row's department or of 商务局 (the lead) in the row's county. */
const isHandler = (p: Principal, row: Scoped | undefined) =>
  p.role === 'staff' && !!row && coversUnit(p, row.departmentCode, row.countyCode, COMMERCE_SCOPE);
/** Government investment projects (招商项目) are published by 商务局 or 发改委 staff. */
const isPublisher = (p: Principal) => p.role === 'staff' && (p.dept === 'mofcom' || p.dept === 'ndrc');

/** 商机: 提交 → 待审核 → 已发布 / 未通过 → 已关闭. */
export const opportunityWorkflow = defineWorkflow<OpportunityStatus, OpportunityAction, Scoped>('opportunity', [
  { from: null, action: 'submit', to: 'PENDING', allowed: isEnterpriseUser },
  { from: null, action: 'publish', to: 'PUBLISHED', allowed: isPublisher },
  { from: ['PENDING'], action: 'approve', to: 'PUBLISHED', allowed: isHandler },
  { from: ['PENDING'], action: 'reject', to: 'REJECTED', allowed: isHandler },
  { from: ['REJECTED'], action: 'resubmit', to: 'PENDING', allowed: isOwner },
  {
    from: ['PENDING', 'PUBLISHED'],
    action: 'close',
    to: 'CLOSED',
    allowed: (p, r) => isOwner(p, r) || isHandler(p, r),
  },
]);

/** 融资需求: 发布 → 待对接 → 已对接 → 已放款, or 已关闭. */
export const financingNeedWorkflow = defineWorkflow<FinancingNeedStatus, FinancingNeedAction, Scoped>('financingNeed', [
  { from: null, action: 'raise', to: 'OPEN', allowed: isEnterpriseUser },
  { from: ['OPEN'], action: 'match', to: 'MATCHED', allowed: isHandler },
  { from: ['MATCHED'], action: 'fund', to: 'FUNDED', allowed: isHandler },
  {
    from: ['OPEN', 'MATCHED'],
    action: 'close',
    to: 'CLOSED',
    allowed: (p, r) => isOwner(p, r) || isHandler(p, r),
  },
]);
