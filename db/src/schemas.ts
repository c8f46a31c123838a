/** The department schemas, in the order their migrations apply. */
export const SCHEMAS = ['platform', 'policies', 'complaints', 'commerce', 'talent', 'statistics'] as const;
export type SchemaName = (typeof SCHEMAS)[number];
