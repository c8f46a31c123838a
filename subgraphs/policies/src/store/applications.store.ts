/**
 * Every SQL statement on the application aggregate: `policies.redemption_applications`,
 * `policies.application_events` and `policies.outbox`. The store is bound to the caller: every read of applications
 * carries the caller's scope in its WHERE clause; only the public disclosure reads (公示) are unscoped, and they return
 * disclosed applications only.
 */
import type { Database } from '@qq/db/client';
import {
  applicationEvents,
  outbox,
  redemptionApplications as apps,
  type RedemptionStatus,
} from '@qq/db/schema/policies';
import { afterCursor, containsPattern, firstRowsPerKey, orderBy, readScope, type Page, type Principal } from '@qq/kit';
import { and, asc, count, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import { MODULE_SCOPE } from '../access.ts';

export type ApplicationRow = typeof apps.$inferSelect;
export type NewApplication = typeof apps.$inferInsert;
export type ApplicationEventRow = typeof applicationEvents.$inferSelect;
export type NewApplicationEvent = typeof applicationEvents.$inferInsert;
export type NewOutboxMessage = typeof outbox.$inferInsert;

export interface ApplicationFilter {
  status?: RedemptionStatus | null;
  itemId?: string | null;
  countyCode?: string | null;
  enterpriseCode?: string | null;
}

/** Sort key of application lists: newest first. */
export const APPLICATION_ORDER = [apps.submittedAt, apps.id];
export const applicationCursor = (a: ApplicationRow): unknown[] => [a.submittedAt, a.id];

/** Sort key of disclosures: most recently disclosed first. */
export const DISCLOSURE_ORDER = [apps.disclosedAt, apps.id];
export const disclosureCursor = (a: ApplicationRow): unknown[] => [a.disclosedAt, a.id];

function filterCondition(filter: ApplicationFilter): SQL | undefined {
  return and(
    filter.status ? eq(apps.status, filter.status) : undefined,
    filter.itemId ? eq(apps.itemId, filter.itemId) : undefined,
    filter.countyCode ? eq(apps.countyCode, filter.countyCode) : undefined,
    filter.enterpriseCode ? eq(apps.enterpriseCode, filter.enterpriseCode) : undefined,
  );
}

function disclosedCondition(projectName: string): SQL | undefined {
  return and(eq(apps.status, 'DISCLOSED'), ilike(apps.projectName, containsPattern(projectName)));
}

export class ApplicationStore {
  constructor(
    private readonly db: Database,
    private readonly principal: Principal,
  ) {}

  /** The same store on a transaction. */
  withTx(tx: Database): ApplicationStore {
    return new ApplicationStore(tx, this.principal);
  }

  /** Applications the caller may read (`undefined`: all). */
  private scope(): SQL | undefined {
    return readScope(
      this.principal,
      { departmentCode: apps.departmentCode, countyCode: apps.countyCode, enterpriseCode: apps.enterpriseCode },
      MODULE_SCOPE,
    );
  }

  /** listApplications: one page of the caller's applications, newest first. */
  list(filter: ApplicationFilter, page: Page): Promise<ApplicationRow[]> {
    return this.db
      .select()
      .from(apps)
      .where(and(this.scope(), filterCondition(filter), afterCursor(APPLICATION_ORDER, page.after, 'desc')))
      .orderBy(...orderBy(APPLICATION_ORDER, 'desc'))
      .limit(page.limit + 1);
  }

  /** countApplications */
  async count(filter: ApplicationFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(apps)
      .where(and(this.scope(), filterCondition(filter)));
    return Number(row?.n ?? 0);
  }

  /** findApplicationsByIds: the caller's applications among these ids. */
  findByIds(ids: readonly string[]): Promise<ApplicationRow[]> {
    return this.db
      .select()
      .from(apps)
      .where(and(inArray(apps.id, [...ids]), this.scope()));
  }

  /** listApplicationsByEnterprises: the first `limit + 1` applications of each enterprise that the caller may read. */
  async listByEnterprises(codes: readonly string[], limit: number): Promise<ApplicationRow[]> {
    return firstRowsPerKey(
      this.db,
      apps,
      apps.enterpriseCode,
      orderBy(APPLICATION_ORDER, 'desc'),
      and(inArray(apps.enterpriseCode, [...codes]), this.scope()),
      limit + 1,
    );
  }

  /** countApplicationsByEnterprises: applications per enterprise that the caller may read. */
  async countByEnterprises(codes: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ key: apps.enterpriseCode, n: count() })
      .from(apps)
      .where(and(inArray(apps.enterpriseCode, [...codes]), this.scope()))
      .groupBy(apps.enterpriseCode);
    return new Map(rows.map((r) => [r.key, Number(r.n)]));
  }

  /**
   * findEventsByApplications: the steps of these applications, oldest first. Only called for applications the caller
   * was allowed to read (or disclosed ones), so the steps inherit that check.
   */
  findEventsByApplications(ids: readonly string[]): Promise<ApplicationEventRow[]> {
    return this.db
      .select()
      .from(applicationEvents)
      .where(inArray(applicationEvents.subjectId, [...ids]))
      .orderBy(asc(applicationEvents.subjectId), asc(applicationEvents.id));
  }

  /** listDisclosures: disclosed applications whose project name contains the text (public). */
  listDisclosures(projectName: string, page: Page): Promise<ApplicationRow[]> {
    return this.db
      .select()
      .from(apps)
      .where(and(disclosedCondition(projectName), afterCursor(DISCLOSURE_ORDER, page.after, 'desc')))
      .orderBy(...orderBy(DISCLOSURE_ORDER, 'desc'))
      .limit(page.limit + 1);
  }

  /** countDisclosures */
  async countDisclosures(projectName: string): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(apps).where(disclosedCondition(projectName));
    return Number(row?.n ?? 0);
  }

  /** existsForProject: whether the enterprise already applied for this item under this project name. */
  async existsForProject(itemId: string, enterpriseCode: string, projectName: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: apps.id })
      .from(apps)
      .where(and(eq(apps.itemId, itemId), eq(apps.enterpriseCode, enterpriseCode), eq(apps.projectName, projectName)))
      .limit(1);
    return row !== undefined;
  }

  /** insertApplication */
  async insert(values: NewApplication): Promise<ApplicationRow> {
    const [row] = await this.db.insert(apps).values(values).returning();
    return row!;
  }

  /** insertApplicationEvent */
  async insertEvent(values: NewApplicationEvent): Promise<void> {
    await this.db.insert(applicationEvents).values(values);
  }

  /** insertOutboxMessage: idempotent on the key, so a retried write queues one message. */
  async insertOutbox(values: NewOutboxMessage): Promise<void> {
    await this.db.insert(outbox).values(values).onConflictDoNothing({ target: outbox.idempotencyKey });
  }
}
