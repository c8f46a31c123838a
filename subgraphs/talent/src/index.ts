export { createServer, definition, schemaFile } from './server.ts';
export type { Context } from './context.ts';
export {
  jobs,
  expirePolicies,
  expirePostings,
  refreshEnterpriseIndustries,
  remindStalePolicies,
  remindStalePostings,
} from './jobs.ts';
