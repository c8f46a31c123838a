/**
 * The graphql-shield rule tree of the talent subgraph (deny by default). Which postings a caller reaches is decided in
 * the store's SQL (readScope); these rules say who may ask at all, and which fields of a row only its keepers read
 * (its history, the reasons of moderation). Whether a step is allowed on a row is the workflow's (FORBIDDEN, or
 * CONFLICT in the wrong state).
 */
import {
  allow,
  coversParentUnit,
  hasRole,
  isAuthenticated,
  isEnterpriseUser,
  isOwnEnterprise,
  isStaffOf,
  or,
  permissionsOf,
} from '@qq/kit';

// graphql-shield refuses two rules of the same name, so each rule is made once.
const hrssStaff = isStaffOf('hrss');
const postingActor = or(isEnterpriseUser, hrssStaff);
const person = hasRole('person');
const readsFigures = hasRole('staff', 'leader', 'analyst', 'admin', 'system');
/** Readers of the analysts' aggregates (counts and sums; the rows are scoped in SQL). */
const readsAggregates = hasRole('staff', 'leader', 'analyst', 'admin');
/** Callers who may have applications in scope: the applicant, enterprises, staff, admins, analysts. */
const mayReadApplications = hasRole('person', 'enterprise', 'staff', 'admin', 'analyst');

/** The posting enterprise, 人社局 staff and admins whose scope covers the posting, and analysts. */
const postingKeepers = or(isOwnEnterprise, coversParentUnit('hrss'), hasRole('analyst'));

export const permissions = permissionsOf({
  Query: {
    talentAggregates: readsAggregates,
    jobPostings: allow,
    jobPosting: allow,
    talentPolicies: allow,
    talentPolicy: allow,
    jobApplications: mayReadApplications,
    jobApplication: mayReadApplications,
  },
  Mutation: {
    createJobPosting: isEnterpriseUser,
    submitJobPosting: isEnterpriseUser,
    approveJobPosting: hrssStaff,
    rejectJobPosting: hrssStaff,
    updateJobPosting: postingActor,
    closeJobPosting: postingActor,
    reopenJobPosting: isEnterpriseUser,
    withdrawJobPosting: postingActor,
    submitJobApplication: person,
    shortlistJobApplication: isEnterpriseUser,
    inviteJobApplication: isEnterpriseUser,
    rejectJobApplication: isEnterpriseUser,
    hireJobApplication: isEnterpriseUser,
    withdrawJobApplication: person,
    createTalentPolicy: hrssStaff,
    publishTalentPolicy: hrssStaff,
    updateTalentPolicy: hrssStaff,
    withdrawTalentPolicy: hrssStaff,
  },
  JobPosting: {
    '*': allow,
    // Contact details are for signed-in callers (job seekers, enterprises, staff); analysts get them masked.
    contactName: isAuthenticated,
    contactPhone: isAuthenticated,
    reviewedAt: postingKeepers,
    rejectionReason: postingKeepers,
    withdrawalReason: postingKeepers,
    versions: postingKeepers,
    events: postingKeepers,
    applications: postingKeepers,
  },
  // Rows are scoped in SQL (the applicant, the posting enterprise, 人社局 of the county, admins, analysts); personal
  // data is masked in the resolvers for those who are not the applicant, the enterprise or 人社局.
  JobApplication: mayReadApplications,
  JobApplicationEvent: allow,
  JobApplicationConnection: allow,
  JobApplicationEdge: allow,
  JobPostingEvent: allow,
  JobPostingVersion: allow,
  JobPostingConnection: allow,
  JobPostingEdge: allow,
  // Rows are scoped in SQL: published policies for everyone, the others for 人社局 of the scope, admins, analysts.
  TalentPolicy: allow,
  TalentPolicyEvent: allow,
  TalentPolicyVersion: allow,
  TalentPolicyConnection: allow,
  TalentPolicyEdge: allow,
  PageInfo: allow,
  // Contributed fields: their rows are scoped in SQL (published postings for everyone), counts are public; the monthly
  // figures of the evaluation are for staff, leaders, analysts, admins and departments' systems.
  Enterprise: allow,
  County: { '*': allow, talentFigures: readsFigures },
  Department: { '*': allow, talentFigures: readsFigures },
  TalentFigures: readsFigures,
  TalentAggregateConnection: readsAggregates,
  TalentAggregateEdge: readsAggregates,
  TalentAggregate: readsAggregates,
});
