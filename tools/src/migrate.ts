/**
 * `pnpm migrate`: applies every subgraph's migrations and creates the subgraphs' roles, as the database owner
 * (DATABASE_URL). Production runs it once per release (the Kubernetes Job `migrate`) before the subgraphs, which then
 * connect with their own logins and MIGRATE=false.
 */
import { openDatabase } from '@qq/db/client';
import { migrate } from '@qq/db/migrate';
import { ensureRoles } from '@qq/db/roles';

const handle = await openDatabase();
try {
  await migrate(handle);
  await ensureRoles(handle);
  console.log(`Migrations applied and roles granted on ${handle.kind}.`);
} finally {
  await handle.close();
}
