/**
 * The graphql-shield rule tree of the complaints subgraph (deny by default). Matters are never public: readers are
 * enterprise users (their own), staff, analysts (masked) and admins, and the store's SQL scope decides which rows each
 * of them gets. The rules below also guard the fields that `_entities` reaches directly.
 */
import { allow, hasRole, isEnterpriseUser, isOwnEnterprise, isStaff, or, permissionsOf } from '@qq/kit';

/** Who may raise a matter; the service checks the rest (an enterprise user for itself only). */
const mayRaise = hasRole('enterprise', 'staff', 'system');

const isReader = hasRole('enterprise', 'staff', 'system', 'analyst', 'admin');
/** Readers of aggregates: the monthly figures and the statistics. */
const isFigureReader = hasRole('staff', 'leader', 'analyst', 'admin', 'system');
/** Readers of the matters of the inbox (leaders reach them there only; the store gives them no other row). */
const isMatterReader = or(isReader, hasRole('leader'));

export const permissions = permissionsOf({
  Query: {
    matters: isReader,
    matter: isReader,
    matterByReference: isReader,
    similarOpenMatters: isEnterpriseUser,
    publicMatters: allow,
    publicMatterServices: allow,
    matterInbox: hasRole('staff', 'admin', 'leader', 'system'),
    matterStatistics: isFigureReader,
    matterClockProfile: allow,
    matterClockProfiles: allow,
  },
  // The coarse rule per mutation; the transition table decides who exactly (FORBIDDEN) and when (CONFLICT).
  Mutation: {
    submitMatter: mayRaise,
    dispatchMatter: isStaff,
    signMatter: isStaff,
    requestTransferOfMatter: isStaff,
    decideTransferOfMatter: isStaff,
    addCoHandlerToMatter: isStaff,
    replyAsCoHandlerToMatter: isStaff,
    replyMatter: isStaff,
    resolveMatter: isStaff,
    supplementMatter: isEnterpriseUser,
    followMatter: isEnterpriseUser,
    rateMatter: isEnterpriseUser,
    confirmMatter: isEnterpriseUser,
    reopenMatter: isEnterpriseUser,
  },
  Matter: isMatterReader,
  MatterEvent: {
    '*': isMatterReader,
    // Accounts of the staff who acted stay inside government.
    actor: hasRole('staff', 'admin'),
  },
  // Reasons, decisions and co-handlers' replies are between government units: the resolvers give the enterprise null
  // for them (it sees who and when).
  MatterTransfer: isMatterReader,
  MatterCoHandler: isMatterReader,
  MatterSatisfaction: isMatterReader,
  MatterEscalation: isMatterReader,
  MatterInbox: allow,
  PublicMatter: allow,
  PublicMatterService: allow,
  MatterInboxCount: allow,
  MatterConnection: allow,
  MatterEdge: allow,
  PageInfo: allow,
  MatterClockProfile: allow,
  MatterClockStage: isMatterReader,
  Enterprise: {
    creditCode: allow,
    // Another enterprise is refused outright; staff get the rows of their scope (often none).
    matters: or(isOwnEnterprise, hasRole('staff', 'analyst', 'admin')),
  },
  // Anonymous callers are refused (UNAUTHENTICATED) rather than given 0: matters are not public, and a 0 would read
  // as data. The field is nullable so that the refusal does not null the county or department itself.
  County: { code: allow, openMatterCount: isReader, complaintFigures: isFigureReader },
  Department: { code: allow, openMatterCount: isReader, complaintFigures: isFigureReader },
  ComplaintFigures: allow,
  MatterStatisticsRow: allow,
});
