/** Every SQL statement on the exchange: registered clients, receipts of applied events and the log of pushes. */
import type { Database } from '@qq/db/client';
import { exchangeClients, exchangePushes, exchangeReceipts } from '@qq/db/schema/platform';
import { afterCursor, CITY_CODE, orderBy, type Tx } from '@qq/kit';
import { and, asc, eq, type SQL } from 'drizzle-orm';

export type ExchangeClientRow = typeof exchangeClients.$inferSelect;
export type ExchangePushRow = typeof exchangePushes.$inferSelect;
export type ExchangeReceiptRow = typeof exchangeReceipts.$inferSelect;

export class ExchangeStore {
  constructor(private readonly db: Database | Tx) {}

  withDb(db: Database | Tx): ExchangeStore {
    return new ExchangeStore(db);
  }

  /** findExchangeClient */
  async client(clientId: string): Promise<ExchangeClientRow | null> {
    const [row] = await this.db.select().from(exchangeClients).where(eq(exchangeClients.clientId, clientId));
    return row ?? null;
  }

  /** listExchangeClients: of a county scope (410400: all). */
  clients(county: string): Promise<ExchangeClientRow[]> {
    return this.db
      .select()
      .from(exchangeClients)
      .where(county === CITY_CODE ? undefined : eq(exchangeClients.countyCode, county))
      .orderBy(asc(exchangeClients.clientId));
  }

  /** insertExchangeClient: null when the id is taken. */
  async register(values: typeof exchangeClients.$inferInsert): Promise<ExchangeClientRow | null> {
    const [row] = await this.db.insert(exchangeClients).values(values).onConflictDoNothing().returning();
    return row ?? null;
  }

  /** disableExchangeClient */
  async disable(clientId: string, at: Date): Promise<ExchangeClientRow | null> {
    const [row] = await this.db
      .update(exchangeClients)
      .set({ active: false, disabledAt: at })
      .where(eq(exchangeClients.clientId, clientId))
      .returning();
    return row ?? null;
  }

  /** claimExchangeReceipt: the receipt of a new event id, or null when the id was applied before. */
  async claim(values: typeof exchangeReceipts.$inferInsert): Promise<boolean> {
    const rows = await this.db.insert(exchangeReceipts).values(values).onConflictDoNothing().returning();
    return rows.length > 0;
  }

  /** findExchangeReceipt */
  async receipt(clientId: string, eventId: string): Promise<ExchangeReceiptRow | null> {
    const [row] = await this.db
      .select()
      .from(exchangeReceipts)
      .where(and(eq(exchangeReceipts.clientId, clientId), eq(exchangeReceipts.eventId, eventId)));
    return row ?? null;
  }

  /** setExchangeReceiptResult */
  async settle(clientId: string, eventId: string, set: { result: string; caseId: string }): Promise<void> {
    await this.db
      .update(exchangeReceipts)
      .set(set)
      .where(and(eq(exchangeReceipts.clientId, clientId), eq(exchangeReceipts.eventId, eventId)));
  }

  /** insertExchangePush */
  async log(values: typeof exchangePushes.$inferInsert): Promise<void> {
    await this.db.insert(exchangePushes).values(values);
  }

  /** listExchangePushes: newest first. */
  pushes(where: SQL | undefined, limit: number, after: unknown[] | null): Promise<ExchangePushRow[]> {
    return this.db
      .select()
      .from(exchangePushes)
      .where(and(where, afterCursor([exchangePushes.id], after, 'desc')))
      .orderBy(...orderBy([exchangePushes.id], 'desc'))
      .limit(limit);
  }
}
