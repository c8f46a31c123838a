export { createServer, definition, schemaFile } from './server.ts';
export type { Context } from './context.ts';
export { jobs, expirePostings, remindStalePostings } from './jobs.ts';
