export { createServer, definition, schemaFile } from './server.ts';
export type { Context } from './context.ts';
export { expirePolicies, flagOverdueApplications, jobs, remindPublishDeadline } from './jobs.ts';
export { LocalMaterialStorage, setMaterialStorage, type MaterialStorage } from './materials/storage.ts';
export { RedemptionService, type OpenApplication } from './service/redemption.service.ts';
