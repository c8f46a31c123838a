/** Resolvers of the policies subgraph: thin, each parses its arguments and calls one service or loader. */
import { County, Department, Enterprise } from './entities.ts';
import {
  EligibilityRule,
  Entitlement,
  EntitlementEvent,
  entitlementMutation,
  entitlementQuery,
  exemptionMutation,
  exemptionQuery,
  ExemptionCalculation,
  MatchingRun,
  redemptionItemRules,
} from './exemption.ts';
import { Mutation } from './Mutation.ts';
import {
  enterpriseOfficials,
  OfficialAssignment,
  officialMutation,
  officialQuery,
  ServiceOfficial,
  Visit,
  VisitProblem,
  WorkflowEvent,
} from './officials.ts';
import { Policy, PolicyEvent, PolicyVersion, RedemptionItem } from './policy.ts';
import { Query } from './Query.ts';
import {
  RedemptionApplication,
  RedemptionDisclosure,
  RedemptionMaterial,
  RedemptionMaterialFile,
  RedemptionStep,
} from './redemption.ts';
import { redemptionApplicationReference } from './redemptionExchange.ts';

/** A group of the aggregates: its department and county as stubs of platform's entities. */
const PolicyAggregate = {
  department: (g: { departmentCode: string | null }) => (g.departmentCode ? { code: g.departmentCode } : null),
  county: (g: { countyCode: string | null }) => (g.countyCode ? { code: g.countyCode } : null),
};

export const resolvers = {
  PolicyAggregate,
  Query: { ...Query, ...exemptionQuery, ...entitlementQuery, ...officialQuery },
  Mutation: { ...Mutation, ...exemptionMutation, ...entitlementMutation, ...officialMutation },
  Policy,
  PolicyEvent,
  PolicyVersion,
  RedemptionItem: { ...RedemptionItem, ...redemptionItemRules },
  EligibilityRule,
  ExemptionCalculation,
  Entitlement,
  EntitlementEvent,
  MatchingRun,
  RedemptionApplication: { ...RedemptionApplication, ...redemptionApplicationReference },
  RedemptionStep,
  RedemptionMaterial,
  RedemptionMaterialFile,
  RedemptionDisclosure,
  ServiceOfficial,
  OfficialAssignment,
  Visit,
  VisitProblem,
  WorkflowEvent,
  Enterprise: { ...Enterprise, ...enterpriseOfficials },
  County,
  Department,
};
