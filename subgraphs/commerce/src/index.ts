export { createServer, definition, schemaFile } from './server.ts';
export type { Context } from './context.ts';
export { jobs, expireListings, remindStaleListings } from './jobs.ts';
