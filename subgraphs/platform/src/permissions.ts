/** The graphql-shield rule tree of the platform subgraph (deny by default). */
import {
  allow,
  CITY_CODE,
  ForbiddenError,
  hasRole,
  isAuthenticated,
  isOwnEnterprise,
  or,
  permissionsOf,
  rule,
  type Principal,
} from '@qq/kit';
import { facilitationPermissions } from './permissions.facilitation.ts';
import { evaluationPermissions } from './evaluation/permissions.ts';

const FORBIDDEN = new ForbiddenError();

/** The monthly figures of the evaluation (`serviceFigures`): for those who evaluate or are evaluated, not the public. */
const readsFigures = hasRole('staff', 'leader', 'analyst', 'admin', 'system');

/** Staff and admins whose county covers the enterprise's (410400: every county). */
const coversEnterpriseCounty = rule('platform:coversEnterpriseCounty', { cache: 'no_cache' })((
  parent: { countyCode?: string },
  _args,
  ctx: { principal: Principal },
) => {
  const p = ctx.principal;
  const covered =
    (p.role === 'staff' || p.role === 'admin') && (p.county === CITY_CODE || p.county === parent.countyCode);
  return covered ? true : FORBIDDEN;
});

export const permissions = permissionsOf({
  Query: {
    enterprise: allow,
    enterprises: isAuthenticated,
    checkCreditCode: allow,
    counties: allow,
    county: allow,
    departments: allow,
    department: allow,
    // The message centre: each caller reads their own (the store's SQL decides which are theirs).
    myMessages: isAuthenticated,
    workdayCalendar: allow,
    calendarStatus: hasRole('admin'),
    deliveries: hasRole('admin'),
    ...facilitationPermissions.Query,
    ...evaluationPermissions.Query,
  },
  Mutation: {
    markMessagesRead: isAuthenticated,
    markAllMessagesRead: isAuthenticated,
    setWorkdayCalendar: hasRole('admin'),
    ...facilitationPermissions.Mutation,
    ...evaluationPermissions.Mutation,
  },
  ...facilitationPermissions.types,
  ...evaluationPermissions.types,
  Message: allow,
  MessageDatum: allow,
  MessageConnection: allow,
  MessageEdge: allow,
  WorkdayCalendarYear: allow,
  CalendarDay: allow,
  CalendarChange: allow,
  CalendarStatus: allow,
  // The registry's public particulars (as on the national credit information publicity system) are public, with the
  // legal representative's name masked but for those who work with the enterprise (see the resolver); the contact
  // phone is for the enterprise itself, staff and admins of its county, and analysts (masked).
  Enterprise: {
    '*': allow,
    contactPhone: or(isOwnEnterprise, coversEnterpriseCounty, hasRole('analyst')),
  },
  County: { '*': allow, enterprises: isAuthenticated, serviceFigures: readsFigures },
  Department: { '*': allow, serviceFigures: readsFigures },
  Industry: allow,
  EnterpriseConnection: allow,
  EnterpriseEdge: allow,
  PageInfo: allow,
  CreditCodeCheck: allow,
});
