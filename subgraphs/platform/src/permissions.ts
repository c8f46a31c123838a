/** The graphql-shield rule tree of the platform subgraph (deny by default). */
import { allow, hasRole, isAuthenticated, isOwnEnterprise, or, permissionsOf } from '@qq/kit';

export const permissions = permissionsOf({
  Query: {
    enterprise: allow,
    enterprises: isAuthenticated,
    checkCreditCode: allow,
    counties: allow,
    county: allow,
    departments: allow,
    department: allow,
  },
  // The registry's public particulars (as on the national credit information publicity system) are public; the
  // contact phone is for the enterprise itself, staff and admins (masked for analysts).
  Enterprise: {
    '*': allow,
    contactPhone: or(isOwnEnterprise, hasRole('staff', 'admin', 'analyst')),
  },
  County: { '*': allow, enterprises: isAuthenticated },
  Department: allow,
  Industry: allow,
  EnterpriseConnection: allow,
  EnterpriseEdge: allow,
  PageInfo: allow,
  CreditCodeCheck: allow,
});
