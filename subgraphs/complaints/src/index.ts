export { createServer, definition, defineComplaints, schemaFile } from './server.ts';
export { CLOCK_PROFILES, DEFAULT_CLOCK_PROFILE, type ClockProfile } from './clock.ts';
export type { Context } from './context.ts';
