/**
 * `pnpm seed:city [--enterprises 100000]`: a city-scale data set for benchmarks: 100,000 enterprises (the default)
 * spread over the twelve units, and every department's rows in proportion. Writes to the database of the
 * environment (DATABASE_URL, or PGlite in DATA_DIR — use a separate DATA_DIR, e.g. DATA_DIR=.data-city). Refuses a
 * database that already has enterprises.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '@qq/db/client';
import { migrate } from '@qq/db/migrate';
import { seedDemo } from '@qq/db/seed';

const { values } = parseArgs({ options: { enterprises: { type: 'string', default: '100000' } } });
const count = Number(values.enterprises);
if (!Number.isInteger(count) || count < 1 || count > 1_000_000) {
  console.error('--enterprises must be an integer from 1 to 1,000,000');
  process.exit(1);
}
const began = Date.now();
const handle = await openDatabase();
await migrate(handle);
const result = await seedDemo(handle, { enterprises: count });
await handle.close();
if (!result.seeded) {
  console.error(`The database already has ${result.enterprises} enterprises; use an empty one (another DATA_DIR).`);
  process.exit(1);
}
console.log(
  `Seeded ${result.enterprises} enterprises and their departments' rows in ${((Date.now() - began) / 1000).toFixed(1)} s.`,
);
