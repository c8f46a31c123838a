/**
 * The commerce workflows as data (transition tables on the kit's `defineWorkflow`). Listings (parks, investment
 * projects, opportunities, bank products) share one life cycle: created as a draft by a department, or posted for
 * moderation by an enterprise or an institution; published; updated (a new version, the same state, or moderation
 * again for a poster's published post); withdrawn; expired by the daily job (`EXPIRE`, not a caller's action, so it is
 * in no table: see jobs.ts). A county keeps its own listings, the lead department's city staff all of them.
 */
import type { ListingStatus } from '@qq/db/schema/commerce';
import { coversUnit, defineWorkflow, type Principal, type ScopePolicy, type Transition, type Workflow } from '@qq/kit';
import { COMMERCE_SCOPE, isEnterpriseUser, isInstitutionStaff, MOFCOM, PARK_SCOPE } from '../domain.ts';

export type { ListingStatus };
export type ParkAction = 'CREATE' | 'PUBLISH' | 'UPDATE' | 'WITHDRAW';
export type InvestmentProjectAction = ParkAction;
export type OpportunityAction = 'SUBMIT' | 'UPDATE' | 'APPROVE' | 'REJECT' | 'WITHDRAW';
export type BankProductAction = 'CREATE' | 'SUBMIT' | 'APPROVE' | 'REJECT' | 'PUBLISH' | 'UPDATE' | 'WITHDRAW';
export type FinancingNeedStatus = 'OPEN' | 'MATCHED' | 'FUNDED' | 'CLOSED';
export type FinancingNeedAction = 'RAISE' | 'MATCH' | 'FUND' | 'CLOSE';
export type ApplicationStatus = 'SUBMITTED' | 'APPROVED' | 'DECLINED' | 'DISBURSED' | 'WITHDRAWN';
export type ApplicationAction = 'SUBMIT' | 'APPROVE' | 'DECLINE' | 'DISBURSE' | 'WITHDRAW';

/** What the rules look at on a row (or on the row about to be created). */
export interface Scoped {
  departmentCode: string;
  countyCode: string;
  enterpriseCode?: string | null;
  institutionCode?: string | null;
}

/** Staff whose scope covers the row's unit under the module's lead department. */
function keeperOf(policy: ScopePolicy) {
  return (p: Principal, row: Scoped | undefined) =>
    p.role === 'staff' && !!row && coversUnit(p, row.departmentCode, row.countyCode, policy);
}
const parkKeeper = keeperOf(PARK_SCOPE);
const commerceKeeper = keeperOf(COMMERCE_SCOPE);
/** 商务局 staff whose scope covers the row: the moderators and handlers of the module. */
const moderator = (p: Principal, row: Scoped | undefined) => p.dept === MOFCOM && commerceKeeper(p, row);
const poster = (p: Principal, row: Scoped | undefined) =>
  isEnterpriseUser(p) && !!row && !!row.enterpriseCode && row.enterpriseCode === p.enterprise;
const institution = (p: Principal, row: Scoped | undefined) =>
  isInstitutionStaff(p) && !!row && !!row.institutionCode && row.institutionCode === p.enterprise;

/** `UPDATE` keeps the state it is taken in: one transition per state. */
function updateIn<A extends string>(
  states: readonly ListingStatus[],
  action: A,
  allowed: (p: Principal, row: Scoped | undefined) => boolean,
): Array<Transition<ListingStatus, A, Scoped>> {
  return states.map((s) => ({ from: [s], action, to: s, allowed }));
}

/** A listing a department keeps itself (parks, investment projects): no moderation. */
function departmentListing(name: string, keeper: (p: Principal, row: Scoped | undefined) => boolean) {
  return defineWorkflow<ListingStatus, ParkAction, Scoped>(name, [
    { from: null, action: 'CREATE', to: 'DRAFT', allowed: keeper },
    { from: ['DRAFT', 'EXPIRED', 'WITHDRAWN'], action: 'PUBLISH', to: 'PUBLISHED', allowed: keeper },
    ...updateIn(['DRAFT', 'PUBLISHED', 'EXPIRED', 'WITHDRAWN'], 'UPDATE' as const, keeper),
    { from: ['DRAFT', 'PUBLISHED'], action: 'WITHDRAW', to: 'WITHDRAWN', allowed: keeper },
  ]);
}

/** 产业园区: 发改委 of the park's county, or of the city. */
export const parkWorkflow = departmentListing('industrialPark', parkKeeper);

/** 招商项目: the publishing department (商务局 or 发改委) of the project's county, 商务局 of that county, the city. */
export const investmentProjectWorkflow = departmentListing('investmentProject', commerceKeeper);

/** 商机: 提交 → 待审核 → 已发布 / 未通过; the poster's update goes back to moderation. */
export const opportunityWorkflow = defineWorkflow<ListingStatus, OpportunityAction, Scoped>('opportunity', [
  { from: null, action: 'SUBMIT', to: 'PENDING', allowed: isEnterpriseUser },
  {
    from: ['PENDING', 'REJECTED', 'PUBLISHED', 'EXPIRED', 'WITHDRAWN'],
    action: 'UPDATE',
    to: 'PENDING',
    allowed: poster,
  },
  { from: ['PENDING'], action: 'APPROVE', to: 'PUBLISHED', allowed: moderator },
  { from: ['PENDING'], action: 'REJECT', to: 'REJECTED', allowed: moderator },
  {
    from: ['PENDING', 'PUBLISHED', 'REJECTED'],
    action: 'WITHDRAW',
    to: 'WITHDRAWN',
    allowed: (p, r) => poster(p, r) || moderator(p, r),
  },
]);

/**
 * 金融产品: the institution drafts and posts for moderation; 商务局 approves, rejects or publishes directly. The
 * institution's update of a published product goes back to moderation; 商务局's keeps it published.
 */
export const bankProductWorkflow = defineWorkflow<ListingStatus, BankProductAction, Scoped>('bankProduct', [
  { from: null, action: 'CREATE', to: 'DRAFT', allowed: (p, r) => institution(p, r) || moderator(p, r) },
  { from: ['DRAFT', 'REJECTED', 'EXPIRED', 'WITHDRAWN'], action: 'SUBMIT', to: 'PENDING', allowed: institution },
  { from: ['PENDING'], action: 'APPROVE', to: 'PUBLISHED', allowed: moderator },
  { from: ['PENDING'], action: 'REJECT', to: 'REJECTED', allowed: moderator },
  { from: ['DRAFT', 'EXPIRED', 'WITHDRAWN'], action: 'PUBLISH', to: 'PUBLISHED', allowed: moderator },
  { from: ['PUBLISHED'], action: 'UPDATE', to: 'PUBLISHED', allowed: moderator },
  { from: ['PUBLISHED'], action: 'UPDATE', to: 'PENDING', allowed: institution },
  ...updateIn(
    ['DRAFT', 'PENDING', 'REJECTED', 'EXPIRED', 'WITHDRAWN'],
    'UPDATE' as const,
    (p, r) => institution(p, r) || moderator(p, r),
  ),
  {
    from: ['DRAFT', 'PENDING', 'PUBLISHED', 'REJECTED'],
    action: 'WITHDRAW',
    to: 'WITHDRAWN',
    allowed: (p, r) => institution(p, r) || moderator(p, r),
  },
]);

/**
 * 融资需求: 发布 → 待对接 → 已对接 → 已放款, or 已关闭. An enterprise's application matches its need and an
 * institution's payout funds it; those two steps are recorded on the need by the application's service.
 */
export const financingNeedWorkflow = defineWorkflow<FinancingNeedStatus, FinancingNeedAction, Scoped>('financingNeed', [
  { from: null, action: 'RAISE', to: 'OPEN', allowed: isEnterpriseUser },
  { from: ['OPEN', 'MATCHED'], action: 'MATCH', to: 'MATCHED', allowed: moderator },
  { from: ['OPEN', 'MATCHED'], action: 'FUND', to: 'FUNDED', allowed: (p, r) => poster(p, r) || moderator(p, r) },
  {
    from: ['OPEN', 'MATCHED'],
    action: 'CLOSE',
    to: 'CLOSED',
    allowed: (p, r) => poster(p, r) || moderator(p, r),
  },
]);

/** 融资申请: 申请 → 授信 → 放款, or 不予授信, or 撤回 by the enterprise. */
export const financingApplicationWorkflow = defineWorkflow<ApplicationStatus, ApplicationAction, Scoped>(
  'financingApplication',
  [
    { from: null, action: 'SUBMIT', to: 'SUBMITTED', allowed: poster },
    { from: ['SUBMITTED'], action: 'APPROVE', to: 'APPROVED', allowed: institution },
    { from: ['SUBMITTED'], action: 'DECLINE', to: 'DECLINED', allowed: institution },
    { from: ['APPROVED'], action: 'DISBURSE', to: 'DISBURSED', allowed: institution },
    { from: ['SUBMITTED', 'APPROVED'], action: 'WITHDRAW', to: 'WITHDRAWN', allowed: poster },
  ],
);

/** The actions the caller may take now, each once (UPDATE has a transition per state). */
export function availableActions<S extends string, A extends string, R>(
  workflow: Workflow<S, A, R>,
  status: string,
  principal: Principal,
  row: R,
): A[] {
  return [...new Set(workflow.available(status as S, principal, row))];
}
