/** Resolvers of 企业便利化 (办业务), put together: the catalogue, cases, licences and the exchange. */
import { catalogueResolvers } from './catalogue.ts';

export const facilitationResolvers = {
  ...catalogueResolvers,
  Query: { ...catalogueResolvers.Query },
  Mutation: { ...catalogueResolvers.Mutation },
};
