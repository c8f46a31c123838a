/** Resolvers of 企业便利化 (办业务), put together: the catalogue, cases, licences and the exchange. */
import { caseResolvers } from './cases.ts';
import { catalogueResolvers } from './catalogue.ts';
import { exchangeResolvers } from './exchange.ts';

export const facilitationResolvers = {
  ...catalogueResolvers,
  ...caseResolvers,
  ...exchangeResolvers,
  Query: { ...catalogueResolvers.Query, ...caseResolvers.Query, ...exchangeResolvers.Query },
  Mutation: { ...catalogueResolvers.Mutation, ...caseResolvers.Mutation, ...exchangeResolvers.Mutation },
};
