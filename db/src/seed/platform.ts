/** Demo and reference rows of the `platform` schema. */
import type { Database } from '../client.ts';
import { COUNTIES, DEPARTMENT_LIST } from '../reference.ts';
import { counties, departments, enterprises } from '../schema/platform.ts';
import type { DemoEnterprise } from './demo.ts';
import { seedCases, seedExchangeClients, seedServices } from './services.ts';
import { seedCaseHistory } from './caseHistory.ts';

/** Reference data: the units and the departments (always present, updated in place). */
export async function seedReference(db: Database): Promise<void> {
  await db
    .insert(counties)
    .values(COUNTIES.map((c, i) => ({ ...c, sortOrder: i })))
    .onConflictDoNothing();
  await db
    .insert(departments)
    .values([...DEPARTMENT_LIST])
    .onConflictDoNothing();
}

export async function seedPlatform(db: Database, list: DemoEnterprise[]): Promise<void> {
  for (let i = 0; i < list.length; i += 1000) {
    await db
      .insert(enterprises)
      .values(list.slice(i, i + 1000))
      .onConflictDoNothing();
  }
  // 企业便利化 (办业务): the service catalogue.
  await seedServices(db);
  await seedCases(db, list);
  // A year of concluded cases: the monthly evaluation's history.
  await seedCaseHistory(db, list);
  await seedExchangeClients(db);
}
