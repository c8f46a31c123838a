/**
 * The rules of 企业便利化 (办业务). The catalogue is public; who may change an entry is the transition table's to say
 * (FORBIDDEN or NOT_FOUND from the service), so its mutations only require a signed-in staff member here.
 */
import { allow, hasRole } from '@qq/kit';

export const facilitationPermissions = {
  Query: {
    services: allow,
    service: allow,
  },
  Mutation: {
    createService: hasRole('staff'),
    publishService: hasRole('staff'),
    updateService: hasRole('staff'),
    withdrawService: hasRole('staff'),
  },
  types: {
    Service: allow,
    ServiceVenue: allow,
    ServiceVersion: allow,
    ServiceEvent: allow,
    ServiceConnection: allow,
    ServiceEdge: allow,
  },
};
