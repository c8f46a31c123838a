/** Resolvers of the policies subgraph: thin, each parses its arguments and calls one service or loader. */
import { County, Department, Enterprise } from './entities.ts';
import { Mutation } from './Mutation.ts';
import { Policy, RedemptionItem } from './policy.ts';
import { Query } from './Query.ts';
import { RedemptionApplication, RedemptionDisclosure, RedemptionStep } from './redemption.ts';

export const resolvers = {
  Query,
  Mutation,
  Policy,
  RedemptionItem,
  RedemptionApplication,
  RedemptionStep,
  RedemptionDisclosure,
  Enterprise,
  County,
  Department,
};
