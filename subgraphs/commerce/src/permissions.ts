/**
 * The graphql-shield rule tree of the commerce subgraph (deny by default). Published listings and institutions are
 * public; which rows a caller reaches is decided in the stores' SQL (readScope), so the rules here say who may ask at
 * all, and which fields of a row only its keepers read (its history, an opportunity's interests). Whether a step is
 * allowed on a row is the workflow's (FORBIDDEN, or CONFLICT in the wrong state).
 */
import {
  allow,
  CITY_CODE,
  coversUnit,
  ForbiddenError,
  hasRole,
  isAuthenticated,
  isEnterpriseUser,
  isStaffOf,
  or,
  permissionsOf,
  rule,
  UnauthenticatedError,
  type Principal,
  type ScopePolicy,
} from '@qq/kit';
import { COMMERCE_SCOPE, isInstitutionStaff as institutionStaff, PARK_SCOPE } from './domain.ts';

const FORBIDDEN = new ForbiddenError();
const UNAUTHENTICATED = new UnauthenticatedError();
const refuse = (p: Principal) => (p.role === 'anonymous' ? UNAUTHENTICATED : FORBIDDEN);

interface Ctx {
  principal: Principal;
}

/** An institution's staff: users of its credit code holding `financing:institution`. */
const isInstitutionStaff = rule('commerce:isInstitutionStaff', { cache: 'contextual' })((_p, _a, ctx: Ctx) =>
  institutionStaff(ctx.principal) ? true : refuse(ctx.principal),
);

/**
 * Who reads a row's history and its keepers' fields: analysts; admins and staff whose scope covers the row's unit
 * (under the module's lead department); the poster (an opportunity's enterprise); the institution (its products).
 */
function keepersOf(name: string, policy: ScopePolicy) {
  return rule(`commerce:keepersOf:${name}`, { cache: 'no_cache' })(
    (
      parent: {
        departmentCode?: string;
        countyCode?: string;
        enterpriseCode?: string | null;
        institutionCode?: string;
      },
      _a,
      ctx: Ctx,
    ) => {
      const p = ctx.principal;
      if (p.role === 'analyst') return true;
      if (p.role === 'admin') return !p.county || p.county === CITY_CODE || p.county === parent.countyCode || FORBIDDEN;
      if (p.role === 'staff' && parent.departmentCode && parent.countyCode) {
        return coversUnit(p, parent.departmentCode, parent.countyCode, policy) || FORBIDDEN;
      }
      if (p.role === 'enterprise' && p.enterprise) {
        if (parent.enterpriseCode === p.enterprise) return true;
        if (institutionStaff(p) && parent.institutionCode === p.enterprise) return true;
      }
      return refuse(p);
    },
  );
}
const parkKeepers = keepersOf('park', PARK_SCOPE);
const commerceKeepers = keepersOf('commerce', COMMERCE_SCOPE);

/** Who may contact an opportunity's poster at all (the resolver shares it only after interest): no persons. */
const mayContactPosters = hasRole('enterprise', 'staff', 'admin', 'analyst');

/** Callers who may have financing needs and applications in scope (persons and anonymous callers never do). */
const mayReadFinancing = hasRole('enterprise', 'staff', 'analyst', 'admin');

const ndrcStaff = isStaffOf('ndrc');
const mofcomStaff = isStaffOf('mofcom');
const projectStaff = isStaffOf('mofcom', 'ndrc');
const productKeeper = or(isInstitutionStaff, mofcomStaff);
const needKeeper = or(isEnterpriseUser, mofcomStaff);

/** Readers of the analysts' aggregates (counts and sums; the rows are scoped in SQL). */
const readsAggregates = hasRole('staff', 'leader', 'analyst', 'admin');

export const permissions = permissionsOf({
  Query: {
    commerceAggregates: readsAggregates,
    parks: allow,
    park: allow,
    investmentProjects: allow,
    investmentProject: allow,
    opportunities: allow,
    opportunity: allow,
    financialInstitutions: allow,
    financialInstitution: allow,
    bankProducts: allow,
    bankProduct: allow,
    financingNeeds: mayReadFinancing,
    financingNeed: mayReadFinancing,
    financingApplications: mayReadFinancing,
    financingApplication: mayReadFinancing,
  },
  Mutation: {
    createIndustrialPark: ndrcStaff,
    publishIndustrialPark: ndrcStaff,
    updateIndustrialPark: ndrcStaff,
    withdrawIndustrialPark: ndrcStaff,
    createInvestmentProject: projectStaff,
    publishInvestmentProject: projectStaff,
    updateInvestmentProject: projectStaff,
    withdrawInvestmentProject: projectStaff,
    submitOpportunity: isEnterpriseUser,
    updateOpportunity: isEnterpriseUser,
    approveOpportunity: mofcomStaff,
    rejectOpportunity: mofcomStaff,
    withdrawOpportunity: or(isEnterpriseUser, mofcomStaff),
    expressOpportunityInterest: isEnterpriseUser,
    registerFinancialInstitution: mofcomStaff,
    createBankProduct: productKeeper,
    submitBankProduct: isInstitutionStaff,
    approveBankProduct: mofcomStaff,
    rejectBankProduct: mofcomStaff,
    publishBankProduct: mofcomStaff,
    updateBankProduct: productKeeper,
    withdrawBankProduct: productKeeper,
    raiseFinancingNeed: isEnterpriseUser,
    matchFinancingNeed: mofcomStaff,
    fundFinancingNeed: needKeeper,
    closeFinancingNeed: needKeeper,
    submitFinancingApplication: isEnterpriseUser,
    approveFinancingApplication: isInstitutionStaff,
    declineFinancingApplication: isInstitutionStaff,
    disburseFinancingApplication: isInstitutionStaff,
    withdrawFinancingApplication: isEnterpriseUser,
  },
  Enterprise: {
    creditCode: allow,
    opportunities: allow,
    opportunityFeed: allow,
    financingNeeds: mayReadFinancing,
    bankProductMatches: mayReadFinancing,
  },
  County: allow,
  Department: allow,
  ListingFigures: allow,
  CommerceAggregateConnection: readsAggregates,
  CommerceAggregateEdge: readsAggregates,
  CommerceAggregate: readsAggregates,
  IndustrialPark: { '*': allow, events: parkKeepers },
  IndustrialParkVersion: allow,
  InvestmentProject: {
    '*': allow,
    contactName: isAuthenticated,
    contactPhone: isAuthenticated,
    events: commerceKeepers,
  },
  InvestmentProjectVersion: allow,
  Opportunity: {
    '*': allow,
    contactName: mayContactPosters,
    contactPhone: mayContactPosters,
    interests: commerceKeepers,
    versions: commerceKeepers,
    events: commerceKeepers,
  },
  OpportunityVersion: allow,
  OpportunityInterest: mayReadFinancing,
  OpportunityInterestConnection: allow,
  OpportunityInterestEdge: allow,
  ListingEvent: allow,
  FinancialInstitution: allow,
  BankProduct: {
    '*': allow,
    contactName: isAuthenticated,
    contactPhone: isAuthenticated,
    events: commerceKeepers,
  },
  BankProductEligibility: allow,
  BankProductVersion: allow,
  FinancingNeed: mayReadFinancing,
  FinancingNeedEvent: allow,
  FinancingApplication: mayReadFinancing,
  FinancingApplicationEvent: allow,
  IndustrialParkConnection: allow,
  IndustrialParkEdge: allow,
  InvestmentProjectConnection: allow,
  InvestmentProjectEdge: allow,
  OpportunityConnection: allow,
  OpportunityEdge: allow,
  BankProductConnection: allow,
  BankProductEdge: allow,
  FinancingNeedConnection: allow,
  FinancingNeedEdge: allow,
  FinancingApplicationConnection: allow,
  FinancingApplicationEdge: allow,
  PageInfo: allow,
});
