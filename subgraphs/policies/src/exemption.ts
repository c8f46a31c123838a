/** 免申即享 for tools (the benchmark, the cross-department tests): matching, the facts feed, the rule language. */
export { exemptionJobs, matchEntitlements, refreshEnterpriseFacts } from './exemptionJobs.ts';
export { compileNative, compileRule, FACTS, interpretRule, parseRule, type Facts } from './service/eligibility.ts';
export { factsOfRow } from './service/exemption.service.ts';
export { collectFacts, graphFactFeed, storeFacts, type FactRecord } from './service/facts.ts';
export { runMatching, type MatchingOptions, type MatchingResult } from './service/matching.ts';
