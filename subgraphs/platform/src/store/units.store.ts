/** Every SQL statement on `platform.counties` and `platform.departments`. */
import type { Database } from '@qq/db/client';
import { counties, departments } from '@qq/db/schema/platform';
import { asc, inArray } from 'drizzle-orm';

export type CountyRow = typeof counties.$inferSelect;
export type DepartmentRow = typeof departments.$inferSelect;

export class UnitStore {
  constructor(private readonly db: Database) {}

  /** listCounties */
  listCounties(): Promise<CountyRow[]> {
    return this.db.select().from(counties).orderBy(asc(counties.sortOrder));
  }

  /** findCountiesByCodes */
  findCountiesByCodes(codes: readonly string[]): Promise<CountyRow[]> {
    return this.db
      .select()
      .from(counties)
      .where(inArray(counties.code, [...codes]));
  }

  /** listDepartments */
  listDepartments(): Promise<DepartmentRow[]> {
    return this.db.select().from(departments).orderBy(asc(departments.code));
  }

  /** findDepartmentsByCodes */
  findDepartmentsByCodes(codes: readonly string[]): Promise<DepartmentRow[]> {
    return this.db
      .select()
      .from(departments)
      .where(inArray(departments.code, [...codes]));
  }
}
