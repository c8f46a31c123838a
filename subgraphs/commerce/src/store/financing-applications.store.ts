/**
 * Every SQL statement on `commerce.financing_applications`. An application is read by the applying enterprise, the
 * institution applied to (its staff), 商务局 staff of the need's county, admins and analysts.
 */
import type { Database } from '@qq/db/client';
import { financingApplications } from '@qq/db/schema/commerce';
import {
  afterCursor,
  CITY_CODE,
  orderBy,
  type Page,
  type Principal,
  readScope,
  type Tx,
  visibleWhen,
  anyOf,
} from '@qq/kit';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { COMMERCE_SCOPE, isInstitutionStaff } from '../domain.ts';

export type ApplicationRow = typeof financingApplications.$inferSelect;
export type NewApplication = typeof financingApplications.$inferInsert;

export interface ApplicationFilter {
  status?: string | null;
  institutionCode?: string | null;
  countyCode?: string | null;
}

const t = financingApplications;
/** Newest first. */
const ORDER = [t.createdAt, t.id];
export const applicationCursor = (r: ApplicationRow): unknown[] => [r.createdAt, r.id];

function filterCondition(filter: ApplicationFilter): SQL | undefined {
  return and(
    filter.status ? eq(t.status, filter.status) : undefined,
    filter.institutionCode ? eq(t.institutionCode, filter.institutionCode) : undefined,
    filter.countyCode && filter.countyCode !== CITY_CODE ? eq(t.countyCode, filter.countyCode) : undefined,
  );
}

export class FinancingApplicationStore {
  constructor(
    private readonly db: Database | Tx,
    private readonly principal: Principal,
  ) {}

  withDb(db: Database | Tx): FinancingApplicationStore {
    return new FinancingApplicationStore(db, this.principal);
  }

  private visible(): SQL | undefined {
    const p = this.principal;
    return visibleWhen(
      undefined,
      readScope(
        p,
        { departmentCode: t.departmentCode, countyCode: t.countyCode, enterpriseCode: t.enterpriseCode },
        COMMERCE_SCOPE,
      ),
      isInstitutionStaff(p) ? eq(t.institutionCode, p.enterprise!) : undefined,
    );
  }

  /** findApplicationsByIds: the visible rows among these ids. */
  findByIds(ids: readonly string[]): Promise<ApplicationRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(anyOf(t.id, ids), this.visible()));
  }

  /** listApplications: one page of visible rows, newest first. */
  list(filter: ApplicationFilter, page: Page): Promise<ApplicationRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(this.visible(), filterCondition(filter), afterCursor(ORDER, page.after, 'desc')))
      .orderBy(...orderBy(ORDER, 'desc'))
      .limit(page.limit + 1);
  }

  /** countApplications */
  async count(filter: ApplicationFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(t)
      .where(and(this.visible(), filterCondition(filter)));
    return Number(row?.n ?? 0);
  }

  /** findApplicationsByNeeds: the visible applications of these needs, newest first. */
  findByNeeds(needIds: readonly string[]): Promise<ApplicationRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(anyOf(t.needId, needIds), this.visible()))
      .orderBy(desc(t.createdAt), desc(t.id));
  }

  /** insertApplication: a second application in progress for the same need and product is a unique violation. */
  async insert(values: NewApplication): Promise<ApplicationRow> {
    const [row] = await this.db.insert(t).values(values).returning();
    if (!row) throw new Error('insertApplication returned no row');
    return row;
  }

  /** transitionApplication: the change, only if the application is still in the state it was read in. */
  async transition(id: string, from: string, set: Partial<NewApplication>): Promise<ApplicationRow | null> {
    const [row] = await this.db
      .update(t)
      .set(set)
      .where(and(eq(t.id, id), eq(t.status, from)))
      .returning();
    return row ?? null;
  }
}
