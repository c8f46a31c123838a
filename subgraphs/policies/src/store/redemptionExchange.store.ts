/**
 * SQL of the exchange's side in policies: an application locked for a relayed step (any scope: the service checks the
 * sending system's), the instant of its latest step, and whether a sender's event id was applied to it before (the
 * step's event records it when it is written).
 */
import type { Database } from '@qq/db/client';
import { applicationEvents, redemptionApplications as apps } from '@qq/db/schema/policies';
import type { Tx } from '@qq/kit';
import { and, eq, max, sql } from 'drizzle-orm';
import type { ApplicationRow } from './applications.store.ts';

export class RedemptionExchangeStore {
  constructor(private readonly db: Database | Tx) {}

  /** lockApplicationForExchange: the application, locked until the transaction ends (pushes of it queue here). */
  async lock(id: string): Promise<ApplicationRow | null> {
    const [row] = await this.db.select().from(apps).where(eq(apps.id, id)).for('update');
    return row ?? null;
  }

  /** latestApplicationStepAt: when the application's newest step was taken. */
  async latestStepAt(id: string): Promise<Date | null> {
    const [row] = await this.db
      .select({ at: max(applicationEvents.at) })
      .from(applicationEvents)
      .where(eq(applicationEvents.subjectId, id));
    return row?.at ?? null;
  }

  /** findExchangedStep: the step a client's event id was applied as, if it was. */
  async applied(id: string, clientId: string, eventId: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: applicationEvents.id })
      .from(applicationEvents)
      .where(
        and(
          eq(applicationEvents.subjectId, id),
          sql`${applicationEvents.data} -> 'exchange' ->> 'clientId' = ${clientId}`,
          sql`${applicationEvents.data} -> 'exchange' ->> 'eventId' = ${eventId}`,
        ),
      )
      .limit(1);
    return rows.length > 0;
  }
}
