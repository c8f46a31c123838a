/** Every SQL statement on `platform.counties` and `platform.departments`. */
import type { Database } from '@qq/db/client';
import { counties, departments } from '@qq/db/schema/platform';
import { asc } from 'drizzle-orm';

export type CountyRow = typeof counties.$inferSelect;
export type DepartmentRow = typeof departments.$inferSelect;

/**
 * How long the units and departments are kept once read. They are reference data (13 units, 7 departments) that only
 * the migrations and the seed write, never a request; nearly every policy, matter and enterprise names one, and
 * reading them from memory saves a statement on most requests that reach this subgraph.
 */
const REFERENCE_TTL_MS = 5 * 60_000;

/** One reference table as read: its rows in list order, by code. */
class Reference<R extends { code: string }> {
  private readonly read = new WeakMap<Database, Promise<{ rows: R[]; byCode: Map<string, R>; until: number }>>();

  constructor(private readonly load: (db: Database) => Promise<R[]>) {}

  /** The rows, read again when older than the TTL or when a code asked for is missing (seeded after the read). */
  async get(db: Database, codes?: readonly string[]) {
    const cached = await this.read.get(db)?.catch(() => null);
    if (cached && cached.until > Date.now() && !codes?.some((c) => !cached.byCode.has(c))) return cached;
    const fresh = this.load(db).then((rows) => ({
      rows,
      byCode: new Map(rows.map((r) => [r.code, r])),
      until: Date.now() + REFERENCE_TTL_MS,
    }));
    this.read.set(db, fresh);
    fresh.catch(() => {
      if (this.read.get(db) === fresh) this.read.delete(db);
    });
    return fresh;
  }
}

const countyReference = new Reference<CountyRow>((db) => db.select().from(counties).orderBy(asc(counties.sortOrder)));
const departmentReference = new Reference<DepartmentRow>((db) =>
  db.select().from(departments).orderBy(asc(departments.code)),
);

// Each request gets its own copies: the rows are shared by every request of the process.
const copy = <R extends object>(r: R): R => ({ ...r });

/** The units and departments of a connection, read from memory (see REFERENCE_TTL_MS). */
export class UnitStore {
  constructor(private readonly db: Database) {}

  /** listCounties */
  async listCounties(): Promise<CountyRow[]> {
    return (await countyReference.get(this.db)).rows.map(copy);
  }

  /** findCountiesByCodes */
  async findCountiesByCodes(codes: readonly string[]): Promise<CountyRow[]> {
    const { byCode } = await countyReference.get(this.db, codes);
    return codes.flatMap((c) => (byCode.has(c) ? [copy(byCode.get(c)!)] : []));
  }

  /** listDepartments */
  async listDepartments(): Promise<DepartmentRow[]> {
    return (await departmentReference.get(this.db)).rows.map(copy);
  }

  /** findDepartmentsByCodes */
  async findDepartmentsByCodes(codes: readonly string[]): Promise<DepartmentRow[]> {
    const { byCode } = await departmentReference.get(this.db, codes);
    return codes.flatMap((c) => (byCode.has(c) ? [copy(byCode.get(c)!)] : []));
  }
}
