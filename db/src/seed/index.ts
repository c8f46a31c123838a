/**
 * Demo data for a new platform: on an empty database, start-up seeds the reference data and a realistic city (a few
 * hundred enterprises and the rows of every department). Idempotent: a database that has enterprises is left alone.
 */
import { count } from 'drizzle-orm';
import type { DatabaseHandle } from '../client.ts';
import { enterprises } from '../schema/platform.ts';
import { demoEnterprises } from './demo.ts';
import { seedPlatform, seedReference } from './platform.ts';
import { DEPARTMENT_SEEDS } from './departments.ts';

export { demoEnterprises, demoCreditCode, random } from './demo.ts';
export type { DemoEnterprise } from './demo.ts';
export { demoUnitClasses } from './statistics.ts';

export interface SeedResult {
  seeded: boolean;
  enterprises: number;
}

export async function seedDemo(handle: DatabaseHandle, options: { enterprises?: number } = {}): Promise<SeedResult> {
  const db = handle.connect({ max: 2 });
  await seedReference(db);
  const [row] = await db.select({ n: count() }).from(enterprises);
  const existing = Number(row?.n ?? 0);
  if (existing > 0) return { seeded: false, enterprises: existing };
  const list = demoEnterprises(options.enterprises ?? 300);
  await db.transaction(async (tx) => {
    await seedPlatform(tx, list);
    for (const seed of DEPARTMENT_SEEDS) await seed(tx, list);
  });
  return { seeded: true, enterprises: list.length };
}
