export { createServer, definition, schemaFile } from './server.ts';
export type { Context } from './context.ts';
export { jobs, expireListings, refreshEnterpriseIndustries, remindStaleListings } from './jobs.ts';
