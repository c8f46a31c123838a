/**
 * The graphql-shield rule tree of the talent subgraph (deny by default). Which postings a caller sees is decided in the
 * store's SQL; these rules guard the operations and the fields that are not public.
 */
import {
  allow,
  coversParentUnit,
  hasRole,
  isAuthenticated,
  isOwnEnterprise,
  isStaffOf,
  or,
  permissionsOf,
} from '@qq/kit';

// graphql-shield refuses two rules of the same name, so each rule is made once.
const isHrssStaff = isStaffOf('hrss');

/** The owning enterprise, 人社局 staff and admins of the posting's county, and analysts: the review details. */
const seesReview = or(isOwnEnterprise, coversParentUnit('hrss'), hasRole('analyst'));

export const permissions = permissionsOf({
  Query: {
    jobPostings: allow,
    jobPosting: allow,
    talentPolicies: allow,
    talentPolicy: allow,
  },
  Mutation: {
    submitJobPosting: hasRole('enterprise'),
    reviewJobPosting: isHrssStaff,
  },
  JobPosting: {
    '*': allow,
    // Contact details are for signed-in callers (job seekers, enterprises, staff); analysts get them masked.
    contactName: isAuthenticated,
    contactPhone: isAuthenticated,
    reviewedAt: seesReview,
    rejectionReason: seesReview,
    events: seesReview,
  },
  JobPostingEvent: allow,
  JobPostingConnection: allow,
  JobPostingEdge: allow,
  TalentPolicy: allow,
  TalentPolicyConnection: allow,
  TalentPolicyEdge: allow,
  PageInfo: allow,
  // Contributed fields: their rows are scoped in SQL (published postings for everyone), figures are public.
  Enterprise: allow,
  County: allow,
  Department: allow,
});
