/**
 * Every SQL statement on 免申即享 entitlements and matching runs: `policies.entitlements`,
 * `policies.entitlement_events`, `policies.matching_runs`, and the facts pages a run reads. `EntitlementStore` is
 * bound to the caller (an enterprise its own, staff the items of their department and county, 万人助万企办 its county);
 * `MatchingStore` acts for the run, unscoped.
 */
import type { Database } from '@qq/db/client';
import {
  enterpriseFacts,
  entitlementEvents,
  entitlements,
  matchingRuns,
  outbox,
  type EntitlementStatus,
} from '@qq/db/schema/policies';
import {
  afterCursor,
  CITY_CODE,
  enqueueMessages,
  orderBy,
  readScope,
  type OutboundMessage,
  type Page,
  type Principal,
  anyOf,
} from '@qq/kit';
import { and, asc, count, eq, gt, sql, type SQL } from 'drizzle-orm';
import { MODULE_SCOPE } from '../access.ts';
import type { FactsRow } from './exemption.store.ts';

export type EntitlementRow = typeof entitlements.$inferSelect;
export type NewEntitlement = typeof entitlements.$inferInsert;
export type EntitlementEventRow = typeof entitlementEvents.$inferSelect;
export type NewEntitlementEvent = typeof entitlementEvents.$inferInsert;
export type MatchingRunRow = typeof matchingRuns.$inferSelect;

export interface EntitlementFilter {
  status?: EntitlementStatus | null;
  enterpriseCode?: string | null;
  itemId?: string | null;
}

/** Newest first. */
export const ENTITLEMENT_ORDER = [entitlements.entitledAt, entitlements.id];
export const entitlementCursor = (e: EntitlementRow): unknown[] => [e.entitledAt, e.id];

function filterCondition(f: EntitlementFilter): SQL | undefined {
  return and(
    f.status ? eq(entitlements.status, f.status) : undefined,
    f.enterpriseCode ? eq(entitlements.enterpriseCode, f.enterpriseCode) : undefined,
    f.itemId ? eq(entitlements.itemId, f.itemId) : undefined,
  );
}

export class EntitlementStore {
  constructor(
    private readonly db: Database,
    private readonly principal: Principal,
  ) {}

  withTx(tx: Database): EntitlementStore {
    return new EntitlementStore(tx, this.principal);
  }

  private scope(): SQL | undefined {
    return readScope(
      this.principal,
      {
        departmentCode: entitlements.departmentCode,
        countyCode: entitlements.countyCode,
        enterpriseCode: entitlements.enterpriseCode,
      },
      MODULE_SCOPE,
    );
  }

  /** listEntitlements: one page of the caller's entitlements, newest first. */
  list(filter: EntitlementFilter, page: Page): Promise<EntitlementRow[]> {
    return this.db
      .select()
      .from(entitlements)
      .where(and(this.scope(), filterCondition(filter), afterCursor(ENTITLEMENT_ORDER, page.after, 'desc')))
      .orderBy(...orderBy(ENTITLEMENT_ORDER, 'desc'))
      .limit(page.limit + 1);
  }

  /** countEntitlements */
  async count(filter: EntitlementFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(entitlements)
      .where(and(this.scope(), filterCondition(filter)));
    return Number(row?.n ?? 0);
  }

  /** findEntitlementsByIds: the caller's entitlements among these ids. */
  findByIds(ids: readonly string[]): Promise<EntitlementRow[]> {
    return this.db
      .select()
      .from(entitlements)
      .where(and(anyOf(entitlements.id, ids), this.scope()));
  }

  /** findEntitlementEvents: transitions of entitlements the caller already read, oldest first. */
  findEvents(ids: readonly string[]): Promise<EntitlementEventRow[]> {
    return this.db
      .select()
      .from(entitlementEvents)
      .where(anyOf(entitlementEvents.subjectId, ids))
      .orderBy(asc(entitlementEvents.subjectId), asc(entitlementEvents.id));
  }

  /** updateEntitlementInState: null when it left `from` meanwhile (CONFLICT). */
  async updateInState(
    id: string,
    from: EntitlementStatus,
    values: Partial<NewEntitlement>,
  ): Promise<EntitlementRow | null> {
    const [row] = await this.db
      .update(entitlements)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(entitlements.id, id), eq(entitlements.status, from)))
      .returning();
    return row ?? null;
  }

  /** insertEntitlementEvent */
  async insertEvent(values: NewEntitlementEvent): Promise<void> {
    await this.db.insert(entitlementEvents).values(values);
  }

  async enqueue(messages: OutboundMessage[]): Promise<void> {
    await enqueueMessages(this.db, outbox, messages);
  }
}

/** Statements of a matching run, unscoped (it acts for 万人助万企办 over every enterprise of its unit). */
export class MatchingStore {
  constructor(private readonly db: Database) {}

  withTx(tx: Database): MatchingStore {
    return new MatchingStore(tx);
  }

  /** insertMatchingRun */
  async insertRun(values: typeof matchingRuns.$inferInsert): Promise<MatchingRunRow> {
    const [row] = await this.db.insert(matchingRuns).values(values).returning();
    return row!;
  }

  /** finishMatchingRun */
  async finishRun(id: string, values: Partial<typeof matchingRuns.$inferInsert>): Promise<MatchingRunRow> {
    const [row] = await this.db.update(matchingRuns).set(values).where(eq(matchingRuns.id, id)).returning();
    return row!;
  }

  /** factsPage: the next facts rows by credit code (of one unit unless 410400). */
  factsPage(countyCode: string, after: string | null, limit: number): Promise<FactsRow[]> {
    return this.db
      .select()
      .from(enterpriseFacts)
      .where(
        and(
          countyCode === CITY_CODE ? undefined : eq(enterpriseFacts.countyCode, countyCode),
          after ? gt(enterpriseFacts.creditCode, after) : undefined,
        ),
      )
      .orderBy(asc(enterpriseFacts.creditCode))
      .limit(limit);
  }

  /** insertEntitlements: the new ones only (an enterprise is entitled to an item once); returns those inserted. */
  async insertEntitlements(rows: NewEntitlement[]): Promise<EntitlementRow[]> {
    if (rows.length === 0) return [];
    return this.db
      .insert(entitlements)
      .values(rows)
      .onConflictDoNothing({ target: [entitlements.enterpriseCode, entitlements.itemId] })
      .returning();
  }

  /** existingEntitlements: (enterprise, item) pairs already entitled among these enterprises. */
  async existingPairs(enterpriseCodes: readonly string[]): Promise<Set<string>> {
    if (enterpriseCodes.length === 0) return new Set();
    const rows = await this.db
      .select({ e: entitlements.enterpriseCode, i: entitlements.itemId })
      .from(entitlements)
      .where(anyOf(entitlements.enterpriseCode, enterpriseCodes));
    return new Set(rows.map((r) => `${r.e}|${r.i}`));
  }

  /** insertEntitlementEvents */
  async insertEvents(values: NewEntitlementEvent[]): Promise<void> {
    if (values.length > 0) await this.db.insert(entitlementEvents).values(values);
  }

  async enqueue(messages: OutboundMessage[]): Promise<void> {
    await enqueueMessages(this.db, outbox, messages);
  }
}
