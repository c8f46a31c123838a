/**
 * Every SQL statement on the application aggregate: `policies.redemption_applications`,
 * `policies.application_events`, `policies.material_files` and `policies.outbox`. The store is bound to the caller:
 * every read of applications carries the caller's scope in its WHERE clause; only the public disclosure reads (公示)
 * are unscoped, and they return disclosed applications only.
 */
import type { Database } from '@qq/db/client';
import {
  applicationEvents,
  materialFiles,
  outbox,
  redemptionApplications as apps,
  type RedemptionStatus,
} from '@qq/db/schema/policies';
import {
  afterCursor,
  containsPattern,
  enqueueMessages,
  pagePerKey,
  orderBy,
  readScope,
  type OutboundMessage,
  type Page,
  type PagePerKey,
  type Principal,
  anyOf,
} from '@qq/kit';
import { and, asc, count, eq, ilike, inArray, isNotNull, isNull, lt, type SQL } from 'drizzle-orm';
import { MODULE_SCOPE } from '../access.ts';
import { bigramsContain, keywordBigrams } from './policies.store.ts';

export type ApplicationRow = typeof apps.$inferSelect;
export type NewApplication = typeof apps.$inferInsert;
export type ApplicationEventRow = typeof applicationEvents.$inferSelect;
export type NewApplicationEvent = typeof applicationEvents.$inferInsert;
export type MaterialFileRow = typeof materialFiles.$inferSelect;
export type NewMaterialFile = typeof materialFiles.$inferInsert;

export interface ApplicationFilter {
  status?: RedemptionStatus | null;
  itemId?: string | null;
  countyCode?: string | null;
  enterpriseCode?: string | null;
  /** True: only applications whose current step was found past its time limit; false: only the others. */
  overdue?: boolean | null;
}

/** Sort key of application lists: newest first. */
export const APPLICATION_ORDER = [apps.submittedAt, apps.id];
export const applicationCursor = (a: ApplicationRow): unknown[] => [a.submittedAt, a.id];

/** Sort key of disclosures: most recently disclosed first. */
export const DISCLOSURE_ORDER = [apps.disclosedAt, apps.id];
export const disclosureCursor = (a: ApplicationRow): unknown[] => [a.disclosedAt, a.id];

/** States in which the department is to act, each with a time limit. */
const STAFF_TURN: RedemptionStatus[] = ['SUBMITTED', 'RECEIVED', 'ACCEPTED', 'PROCESSING'];

function filterCondition(filter: ApplicationFilter): SQL | undefined {
  return and(
    filter.status ? eq(apps.status, filter.status) : undefined,
    filter.itemId ? eq(apps.itemId, filter.itemId) : undefined,
    filter.countyCode ? eq(apps.countyCode, filter.countyCode) : undefined,
    filter.enterpriseCode ? eq(apps.enterpriseCode, filter.enterpriseCode) : undefined,
    filter.overdue === true ? isNotNull(apps.overdueAt) : filter.overdue === false ? isNull(apps.overdueAt) : undefined,
  );
}

/** Disclosed applications whose project name contains the text: bigram index first, ILIKE to confirm. */
function disclosedCondition(projectName: string): SQL | undefined {
  return and(
    eq(apps.status, 'DISCLOSED'),
    bigramsContain(apps.projectNameBigrams, keywordBigrams(projectName)),
    ilike(apps.projectName, containsPattern(projectName)),
  );
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
      .where(and(anyOf(apps.id, ids), this.scope()));
  }

  /**
   * listApplicationsByEnterprises: the first `limit + 1` applications of each enterprise that the caller may read,
   * and how many each has, in one statement.
   */
  async listByEnterprises(codes: readonly string[], limit: number): Promise<PagePerKey<ApplicationRow>> {
    return pagePerKey(
      this.db,
      apps,
      apps.enterpriseCode,
      orderBy(APPLICATION_ORDER, 'desc'),
      and(anyOf(apps.enterpriseCode, codes), this.scope()),
      limit + 1,
    );
  }

  /** countApplicationsByEnterprises: applications per enterprise that the caller may read. */
  async countByEnterprises(codes: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ key: apps.enterpriseCode, n: count() })
      .from(apps)
      .where(and(anyOf(apps.enterpriseCode, codes), this.scope()))
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
      .where(anyOf(applicationEvents.subjectId, ids))
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

  /**
   * updateApplicationInState: changes an application only while it is still in `from` (a concurrent step makes it
   * return null, and the caller answers CONFLICT).
   */
  async updateInState(
    id: string,
    from: RedemptionStatus,
    values: Partial<NewApplication>,
  ): Promise<ApplicationRow | null> {
    const [row] = await this.db
      .update(apps)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(apps.id, id), eq(apps.status, from)))
      .returning();
    return row ?? null;
  }

  /** insertApplicationEvent */
  async insertEvent(values: NewApplicationEvent): Promise<void> {
    await this.db.insert(applicationEvents).values(values);
  }

  /** enqueueApplicationMessages: outbox rows in the caller's transaction, idempotent by key. */
  async enqueue(messages: OutboundMessage[]): Promise<void> {
    await enqueueMessages(this.db, outbox, messages);
  }

  /** insertMaterialFile */
  async insertFile(values: NewMaterialFile): Promise<MaterialFileRow> {
    const [row] = await this.db.insert(materialFiles).values(values).returning();
    return row!;
  }

  /** findOwnMaterialFiles: files among these ids uploaded for this enterprise. */
  findOwnFiles(ids: readonly string[], enterpriseCode: string): Promise<MaterialFileRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(materialFiles)
      .where(and(anyOf(materialFiles.id, ids), eq(materialFiles.enterpriseCode, enterpriseCode)));
  }

  /** attachMaterialFiles: the files an application lists now belong to it. */
  async attachFiles(ids: readonly string[], applicationId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db.update(materialFiles).set({ applicationId }).where(anyOf(materialFiles.id, ids));
  }

  /**
   * findMaterialFilesByIds: files named by applications the caller already read (their metadata is part of what the
   * application's reader sees).
   */
  findFilesByIds(ids: readonly string[]): Promise<MaterialFileRow[]> {
    return this.db.select().from(materialFiles).where(anyOf(materialFiles.id, ids));
  }
}

/** Statements of the scheduled checks: they act for the system, unscoped, inside the job's transaction. */
export class ApplicationJobStore {
  constructor(private readonly db: Database) {}

  /** markOverdueApplications: applications whose current step is past its due time, flagged once; returns them. */
  markOverdue(now: Date): Promise<ApplicationRow[]> {
    return this.db
      .update(apps)
      .set({ overdueAt: now })
      .where(and(isNull(apps.overdueAt), lt(apps.stepDueAt, now), inArray(apps.status, STAFF_TURN)))
      .returning();
  }

  async enqueue(messages: OutboundMessage[]): Promise<void> {
    await enqueueMessages(this.db, outbox, messages);
  }
}
