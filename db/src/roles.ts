/**
 * Least privilege: one PostgreSQL role per subgraph that can use only its own schema (no other department's tables,
 * no migration journals). Production runs each subgraph as its role (`DB_ROLE`, or a login of that name); on one
 * machine the owner connection switches to it at connect time. PGlite is single-user: roles do not apply there.
 */
import { appendOnlySql } from './audit.ts';
import type { DatabaseHandle } from './client.ts';
import { SCHEMAS, type SchemaName } from './schemas.ts';

export function roleName(schema: SchemaName): string {
  return `qq_${schema}`;
}

/** Creates the roles (once per cluster) and grants each one its schema (per database). Idempotent. */
export async function ensureRoles(handle: DatabaseHandle, schemas: readonly SchemaName[] = SCHEMAS): Promise<void> {
  if (handle.kind !== 'postgres') return;
  for (const schema of schemas) {
    const role = roleName(schema);
    // Roles are cluster-wide: parallel test databases may race to create the same one.
    await handle.exec(
      `DO $$ BEGIN CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT; ` +
        `EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;`,
    );
    await handle.exec(`
      REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC;
      GRANT USAGE ON SCHEMA ${schema} TO ${role};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role};
      ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role};
      ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${role};
    `);
    // Event tables (hash-chained) are append-only: INSERT and SELECT, never UPDATE, DELETE or TRUNCATE.
    await handle.exec(appendOnlySql(schema, role));
    // The job queue (pg-boss) of the subgraph lives in a schema its role owns, so the queue can make its partitions.
    await handle.exec(`CREATE SCHEMA IF NOT EXISTS ${jobSchemaName(schema)} AUTHORIZATION ${role}`);
    if (schema !== 'platform') {
      // Two doors into platform's schema, and nothing else of it: the working-day calendar (reference data, read
      // only) and the message centre's drop box (insert only: a subgraph delivers in-app messages, never reads them).
      await handle.exec(`
        GRANT USAGE ON SCHEMA platform TO ${role};
        GRANT SELECT ON platform.calendar_days TO ${role};
        GRANT INSERT ON platform.messages TO ${role};
        GRANT USAGE ON SEQUENCE platform.messages_id_seq TO ${role};
      `);
    }
  }
}

/** The schema of a subgraph's job queue (pg-boss), owned by the subgraph's role. */
export function jobSchemaName(schema: SchemaName): string {
  return `${schema}_jobs`;
}
