/** Resolvers of 企业便利化 (办业务), put together: the catalogue, cases, licences and the exchange. */
import { caseResolvers } from './cases.ts';
import { catalogueResolvers } from './catalogue.ts';

export const facilitationResolvers = {
  ...catalogueResolvers,
  ...caseResolvers,
  Query: { ...catalogueResolvers.Query, ...caseResolvers.Query },
  Mutation: { ...catalogueResolvers.Mutation, ...caseResolvers.Mutation },
};
