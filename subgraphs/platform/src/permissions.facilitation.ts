/**
 * The rules of 企业便利化 (办业务). The catalogue is public; who may change an entry is the transition table's to say
 * (FORBIDDEN or NOT_FOUND from the service), so its mutations only require a signed-in staff member here.
 */
import { allow, hasRole, isAuthenticated } from '@qq/kit';

export const facilitationPermissions = {
  Query: {
    services: allow,
    service: allow,
    cases: isAuthenticated,
    case: isAuthenticated,
    exchangeClients: hasRole('admin'),
    exchangePushes: hasRole('admin', 'system'),
  },
  Mutation: {
    createService: hasRole('staff'),
    publishService: hasRole('staff'),
    updateService: hasRole('staff'),
    withdrawService: hasRole('staff'),
    // Cases: the enterprise applies and resubmits, the handling unit's staff take the other steps (departments'
    // systems report theirs through the exchange); the transition table decides on the row.
    receiveCase: hasRole('enterprise', 'staff'),
    acceptCase: hasRole('staff'),
    rejectCase: hasRole('staff'),
    returnCase: hasRole('staff'),
    resubmitCase: hasRole('enterprise'),
    processCase: hasRole('staff'),
    concludeCase: hasRole('staff'),
    // The exchange: administrators register departments' systems; only systems push.
    registerExchangeClient: hasRole('admin'),
    disableExchangeClient: hasRole('admin'),
    reportCase: hasRole('system'),
    reportCaseStep: hasRole('system'),
    reportRedemptionStep: hasRole('system'),
  },
  types: {
    Service: allow,
    ServiceVenue: allow,
    ServiceVersion: allow,
    ServiceEvent: allow,
    ServiceConnection: allow,
    ServiceEdge: allow,
    Case: allow,
    CaseEvent: allow,
    CaseConnection: allow,
    CaseEdge: allow,
    Licence: allow,
    ServiceFigures: allow,
    ExchangeClient: allow,
    ExchangeReceipt: allow,
    ExchangePush: allow,
    ExchangePushConnection: allow,
    RedemptionExchangeReceipt: allow,
    // A reference to policies' application: its fields are policies' to guard.
    RedemptionApplication: allow,
  },
};
