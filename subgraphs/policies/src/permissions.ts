/**
 * The graphql-shield rule tree of the policies subgraph (deny by default). Published policies, their items and
 * disclosures are public; which rows a caller reads is decided in the stores' SQL. Applications are private: their
 * fields are guarded again here because `_entities` and nested paths reach them too.
 */
import { allow, hasRole, isOwnEnterprise, or, permissionsOf } from '@qq/kit';

/** Callers who may read some applications: their row scope then decides which. */
const readsApplications = hasRole('enterprise', 'staff', 'analyst', 'admin');
/** An application's reader: its own enterprise, or staff, analysts and admins (scoped in SQL). */
const ownOrOfficial = or(isOwnEnterprise, hasRole('staff', 'analyst', 'admin'));

export const permissions = permissionsOf({
  Query: {
    policies: allow,
    policy: allow,
    redemptionItem: allow,
    redemptionApplications: readsApplications,
    redemptionApplication: readsApplications,
    redemptionDisclosures: allow,
  },
  Mutation: {
    // The services check again (own enterprise, own department and county) and the workflows decide who may act.
    applyForRedemption: hasRole('enterprise'),
    createPolicyDraft: hasRole('staff'),
  },
  // Rows reach callers only through scoped reads: published ones for everybody, the rest in scope.
  Policy: allow,
  PolicyConnection: allow,
  PolicyEdge: allow,
  RedemptionItem: allow,
  RedemptionApplication: ownOrOfficial,
  RedemptionApplicationConnection: allow,
  RedemptionApplicationEdge: allow,
  RedemptionStep: readsApplications,
  RedemptionMaterial: readsApplications,
  // Disclosures (公示) carry no personal data and are public by design (Art. 6).
  RedemptionDisclosure: allow,
  RedemptionDisclosureStep: allow,
  RedemptionDisclosureConnection: allow,
  RedemptionDisclosureEdge: allow,
  PageInfo: allow,
  Enterprise: { creditCode: allow, redemptionApplications: ownOrOfficial },
  County: { code: allow, publishedPolicyCount: allow },
  Department: { code: allow, publishedPolicies: allow },
});
