/**
 * The graphql-shield rule tree of the policies subgraph (deny by default). Published policies, their items and
 * disclosures are public; which rows a caller reads is decided in the stores' SQL. Applications are private: their
 * fields are guarded again here because `_entities` and nested paths reach them too.
 */
import { allow, hasRole, isOwnEnterprise, or, permissionsOf } from '@qq/kit';

/** Readers of the monthly figures (the evaluation): aggregates, no rows. */
const readsFigures = hasRole('staff', 'leader', 'analyst', 'admin', 'system');
/** Readers of the analysts' aggregates (counts and sums; the rows are scoped in SQL). */
const readsAggregates = hasRole('staff', 'leader', 'analyst', 'admin');
/** Callers who may read some applications: their row scope then decides which. */
const readsApplications = hasRole('enterprise', 'staff', 'analyst', 'admin');
/** An application's reader: its own enterprise, or staff, analysts and admins (scoped in SQL). */
const ownOrOfficial = or(isOwnEnterprise, hasRole('staff', 'analyst', 'admin'));

/** The same, with departments' own systems (the exchange): scoped like their department's staff. */
const readsApplicationsOrSystem = or(readsApplications, hasRole('system'));
const ownOrOfficialOrSystem = or(ownOrOfficial, hasRole('system'));

export const permissions = permissionsOf({
  Query: {
    policyAggregates: readsAggregates,
    policies: allow,
    policy: allow,
    redemptionItem: allow,
    redemptionApplications: readsApplicationsOrSystem,
    redemptionApplication: readsApplicationsOrSystem,
    redemptionDisclosures: allow,
    // The services decide: staff of the scope (late drafts), the handling staff only (material content).
    latePolicyDrafts: hasRole('staff', 'analyst', 'admin'),
    redemptionMaterialContent: hasRole('staff'),
    // Anybody with typed-in facts; a named enterprise's facts are read in the caller's scope (the store's SQL).
    exemptionCalculator: allow,
    entitlements: readsApplications,
    entitlement: readsApplications,
    // 万人助万企: the stores decide which rows (the official's own, 万人助万企办 its county, the enterprise its own).
    serviceOfficials: hasRole('staff', 'analyst', 'admin'),
    myServiceOfficial: hasRole('staff'),
    officialAssignments: readsApplications,
    visits: readsApplications,
    visit: readsApplications,
  },
  Mutation: {
    // The services check again (own enterprise, own department and county) and the workflows decide who may act.
    applyForRedemption: hasRole('enterprise'),
    submitRedemptionApplication: hasRole('enterprise'),
    resubmitRedemptionApplication: hasRole('enterprise'),
    uploadRedemptionMaterial: hasRole('enterprise'),
    receiveRedemptionApplication: hasRole('staff'),
    acceptRedemptionApplication: hasRole('staff'),
    returnRedemptionApplication: hasRole('staff'),
    processRedemptionApplication: hasRole('staff'),
    completeRedemptionApplication: hasRole('staff'),
    discloseRedemptionApplication: hasRole('staff'),
    // The exchange: the service admits the platform's relay only.
    relayRedemptionStep: hasRole('system'),
    createPolicyDraft: hasRole('staff'),
    revisePolicy: hasRole('staff'),
    submitPolicyForReview: hasRole('staff'),
    publishPolicy: hasRole('staff'),
    rejectPolicy: hasRole('staff'),
    withdrawPolicy: hasRole('staff'),
    expirePolicy: hasRole('staff'),
    saveEligibilityRule: hasRole('staff'),
    // The service checks 万人助万企办; the workflow decides who confirms or declines (the enterprise itself).
    runExemptionMatching: hasRole('staff'),
    confirmEntitlement: hasRole('enterprise'),
    declineEntitlement: hasRole('enterprise'),
    // The service checks 万人助万企办 of the county; the workflows decide who acts (the official, the coordinator).
    registerServiceOfficial: hasRole('staff'),
    updateServiceOfficial: hasRole('staff'),
    createOfficialAssignment: hasRole('staff'),
    endOfficialAssignment: hasRole('staff'),
    recordVisit: hasRole('staff'),
    followUpVisit: hasRole('staff'),
    raiseProblemFromVisit: hasRole('staff'),
    closeVisit: hasRole('staff'),
  },
  // Rows reach callers only through scoped reads: published ones for everybody, the rest in scope.
  Policy: allow,
  PolicyConnection: allow,
  PolicyEdge: allow,
  // Events are returned only to callers of the issuing department's scope (the resolver answers null otherwise).
  PolicyEvent: allow,
  PolicyVersion: allow,
  PolicyVersionItem: allow,
  PolicyMatch: allow,
  PolicyMatchConnection: allow,
  PolicyMatchEdge: allow,
  RedemptionItem: allow,
  // Rules of visible items are public (the calculator explains them to anybody); facts reach only the calculator's
  // caller, read in scope.
  EligibilityRule: allow,
  ExemptionCalculation: allow,
  ItemEligibility: allow,
  FailedCondition: allow,
  EnterpriseFacts: allow,
  // Entitlements reach callers only through scoped reads (the store's SQL).
  Entitlement: ownOrOfficial,
  EntitlementFact: readsApplications,
  EntitlementEvent: readsApplications,
  EntitlementConnection: allow,
  EntitlementEdge: allow,
  MatchingRun: hasRole('staff'),
  RedemptionApplication: ownOrOfficialOrSystem,
  RedemptionApplicationConnection: allow,
  RedemptionApplicationEdge: allow,
  RelayedRedemptionStepResult: hasRole('system'),
  RedemptionStep: readsApplicationsOrSystem,
  RedemptionMaterial: readsApplicationsOrSystem,
  RedemptionMaterialFile: hasRole('enterprise', 'staff', 'analyst', 'admin'),
  RedemptionMaterialContent: hasRole('staff'),
  // Disclosures (公示) carry no personal data and are public by design (Art. 6).
  RedemptionDisclosure: allow,
  RedemptionDisclosureStep: allow,
  RedemptionDisclosureConnection: allow,
  RedemptionDisclosureEdge: allow,
  // 万人助万企 rows reach callers only through scoped reads; an official's contact is shown to their enterprises.
  ServiceOfficial: readsApplications,
  ServiceOfficialConnection: allow,
  ServiceOfficialEdge: allow,
  OfficialAssignment: readsApplications,
  OfficialAssignmentConnection: allow,
  OfficialAssignmentEdge: allow,
  Visit: readsApplications,
  VisitConnection: allow,
  VisitEdge: allow,
  VisitProblem: readsApplications,
  VisitFollowUp: readsApplications,
  WorkflowEvent: readsApplications,
  Matter: readsApplications,
  PageInfo: allow,
  Enterprise: {
    creditCode: allow,
    redemptionApplications: ownOrOfficial,
    policyMatches: ownOrOfficial,
    serviceOfficials: ownOrOfficial,
    visits: ownOrOfficial,
  },
  Industry: allow,
  County: { code: allow, publishedPolicyCount: allow, policyFigures: readsFigures, exemptionFigures: readsFigures },
  Department: { code: allow, publishedPolicies: allow, policyFigures: readsFigures, exemptionFigures: readsFigures },
  PolicyFigures: readsFigures,
  PolicyAggregateConnection: readsAggregates,
  PolicyAggregateEdge: readsAggregates,
  PolicyAggregate: readsAggregates,
  ExemptionFigures: readsFigures,
});
