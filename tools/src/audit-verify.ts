/**
 * `pnpm audit:verify`: walks the hash chain of every event table (DATABASE_URL, or the embedded database in DATA_DIR
 * while the platform is stopped) and prints each table's length and head, or its first broken link with the row's id.
 * Exits 1 when any chain is broken. `--json` prints the reports as JSON.
 */
import { openDatabase } from '@qq/db/client';
import { auditVerify } from './audit.ts';

const handle = await openDatabase();
try {
  process.exitCode = await auditVerify(handle, { json: process.argv.includes('--json') });
} finally {
  await handle.close();
}
