/**
 * Applies the committed drizzle-kit migrations of the department schemas, each with its own journal table, then chains
 * their event tables (`audit.ts`).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { installAuditChains } from './audit.ts';
import type { DatabaseHandle } from './client.ts';
import { SCHEMAS, type SchemaName } from './schemas.ts';

export { SCHEMAS, type SchemaName };

const migrationsRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export async function migrate(handle: DatabaseHandle, schemas: readonly SchemaName[] = SCHEMAS): Promise<void> {
  const db = handle.connect({ max: 1 });
  for (const name of SCHEMAS) {
    if (!schemas.includes(name)) continue;
    const config = {
      migrationsFolder: join(migrationsRoot, name),
      migrationsSchema: 'drizzle',
      migrationsTable: `migrations_${name}`,
    };
    if (handle.kind === 'pglite') await migratePglite(db as unknown as PgliteDatabase, config);
    else await migratePostgres(db as unknown as PostgresJsDatabase, config);
  }
  // The hash chains of the event tables (triggers and chain columns, which drizzle-kit does not describe).
  await installAuditChains(handle, db, schemas);
}
