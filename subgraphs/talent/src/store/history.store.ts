/**
 * Every SQL statement on the event tables (one per workflow) and the version tables (one per published record): the
 * append-only history written in the transaction of each step.
 */
import type { Database } from '@qq/db/client';
import type { EventTable, VersionTable } from '@qq/db/schema/talent';
import type { Tx } from '@qq/kit';
import { asc, inArray } from 'drizzle-orm';

export type EventRow = EventTable['$inferSelect'];
export type NewEvent = EventTable['$inferInsert'];
export type VersionRow = VersionTable['$inferSelect'];
export type NewVersion = VersionTable['$inferInsert'];

export class HistoryStore {
  constructor(private readonly db: Database | Tx) {}

  withDb(db: Database | Tx): HistoryStore {
    return new HistoryStore(db);
  }

  /** insertEvent: returns the event's id, which keys the step's messages. */
  async appendEvent(table: EventTable, values: NewEvent): Promise<number> {
    const [row] = await this.db.insert(table).values(values).returning({ id: table.id });
    if (!row) throw new Error('insertEvent returned no row');
    return row.id;
  }

  /** insertVersion */
  async appendVersion(table: VersionTable, values: NewVersion): Promise<void> {
    await this.db.insert(table).values(values);
  }

  /** findEventsBySubjects: oldest first. */
  eventsOf(table: EventTable, subjectIds: readonly string[]): Promise<EventRow[]> {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(table)
      .where(inArray(table.subjectId, [...subjectIds]))
      .orderBy(asc(table.subjectId), asc(table.id));
  }

  /** findVersionsBySubjects: oldest first. */
  versionsOf(table: VersionTable, subjectIds: readonly string[]): Promise<VersionRow[]> {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(table)
      .where(inArray(table.subjectId, [...subjectIds]))
      .orderBy(asc(table.subjectId), asc(table.version));
  }
}
