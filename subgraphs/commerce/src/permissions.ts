/**
 * The graphql-shield rule tree of the commerce subgraph (deny by default). Parks and published opportunities are
 * public; which rows a caller reaches is decided in the stores' SQL (readScope), so the rules here say who may ask at
 * all. The contact person and phone of an opportunity are for enterprises, staff and admins (masked for analysts); financing
 * needs are private to enterprises, staff, analysts and admins.
 */
import { allow, hasRole, isEnterpriseUser, permissionsOf } from '@qq/kit';

/** Who may contact an opportunity's owner: enterprises (the point of 商机), staff and admins; analysts masked. */
const seesContacts = hasRole('enterprise', 'staff', 'admin', 'analyst');

/** Callers who may have financing needs in scope (persons and anonymous callers never do). */
const mayReadFinancing = hasRole('enterprise', 'staff', 'analyst', 'admin');

export const permissions = permissionsOf({
  Query: {
    parks: allow,
    park: allow,
    opportunities: allow,
    opportunity: allow,
    financingNeeds: mayReadFinancing,
    financingNeed: mayReadFinancing,
  },
  Mutation: {
    submitOpportunity: isEnterpriseUser,
    raiseFinancingNeed: isEnterpriseUser,
  },
  Enterprise: {
    creditCode: allow,
    opportunities: allow,
    financingNeeds: mayReadFinancing,
  },
  County: allow,
  IndustrialPark: allow,
  Opportunity: {
    '*': allow,
    contactName: seesContacts,
    contactPhone: seesContacts,
  },
  FinancingNeed: mayReadFinancing,
  IndustrialParkConnection: allow,
  IndustrialParkEdge: allow,
  OpportunityConnection: allow,
  OpportunityEdge: allow,
  FinancingNeedConnection: allow,
  FinancingNeedEdge: allow,
  PageInfo: allow,
});
