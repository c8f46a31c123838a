/**
 * Publishing what departments keep current (Art. 8): listings, postings, policies. Every record takes its steps the
 * same way: check the transition (the caller's workflow), change the row only if it is still in the state and version
 * it was read in (else CONFLICT), append the event, save a new version when the content changed, write the messages;
 * all in one transaction. A published record whose content was not saved for 90 days is stale (超过90天未更新); one
 * past its last valid day is expired by its subgraph's daily job.
 */
import type { Database } from '@qq/db/client';
import type { eventTable, versionTable } from '@qq/db/schema/common';
import { and, asc, eq, gte, isNull, lt, ne, or, type SQL } from 'drizzle-orm';
import { anyOf } from './sql.ts';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Principal } from './auth.ts';
import { chinaDay } from './calendar.ts';
import { ConflictError } from './errors.ts';
import type { OutboundMessage } from './messaging.ts';
import { eventValues, inTransaction, type Tx } from './workflow.ts';

export type EventTable = ReturnType<typeof eventTable>;
export type VersionTable = ReturnType<typeof versionTable>;
export type EventRow = EventTable['$inferSelect'];
export type NewEvent = EventTable['$inferInsert'];
export type VersionRow = VersionTable['$inferSelect'];
export type NewVersion = VersionTable['$inferInsert'];

/** A published record whose content was not updated for this many days is stale (超过90天未更新). */
export const STALE_DAYS = 90;
const DAY_MS = 86_400_000;

/** The instant before which a published record's last revision makes it stale. */
export function staleBefore(now: Date): Date {
  return new Date(now.getTime() - STALE_DAYS * DAY_MS);
}

/** Published and its content not updated for 90 days before `now`. */
export function isStaleAt(row: { status: string; revisedAt: Date }, now: Date): boolean {
  return row.status === 'PUBLISHED' && row.revisedAt < staleBefore(now);
}

/** A day (YYYY-MM-DD) `n` days after `day`. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whether a last valid day has passed on the China calendar day of `now`. */
export function isPastExpiry(expiresOn: string | null, now: Date): boolean {
  return expiresOn !== null && expiresOn < chinaDay(now);
}

/** Every SQL statement on a subgraph's event and version tables: the append-only history written in each step. */
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
      .where(anyOf(table.subjectId, subjectIds))
      .orderBy(asc(table.subjectId), asc(table.id));
  }

  /** findVersionsBySubjects: oldest first. */
  versionsOf(table: VersionTable, subjectIds: readonly string[]): Promise<VersionRow[]> {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(table)
      .where(anyOf(table.subjectId, subjectIds))
      .orderBy(asc(table.subjectId), asc(table.version));
  }
}

/** The columns every record with a life cycle has. */
export interface RecordRow {
  id: string;
  status: string;
  /** The content's version, for records that keep their versions. */
  version?: number;
}

/** The statements a step needs of a record's store. */
export interface RecordStore<R, N> {
  withDb(db: Database | Tx): RecordStore<R, N>;
  insert(values: N): Promise<R>;
  /** The change, only if the row is still in the state (and version) it was read in; null otherwise. */
  transition(id: string, from: { status: string; version?: number }, set: Partial<N>): Promise<R | null>;
}

/** Where a step's messages go: the subgraph's outbox, in the step's transaction. */
export interface MessageStore {
  withDb(db: Database | Tx): { enqueue(messages: readonly OutboundMessage[]): Promise<void> };
}

export interface StepDeps<R, N> {
  /** The record's name in CONFLICT messages, such as `jobPosting`. */
  name: string;
  db: Database;
  principal: Principal;
  now: Date;
  store: RecordStore<R, N>;
  history: HistoryStore;
  outbox: MessageStore;
  events: EventTable;
  /** Where saved contents go; none for records without versions. */
  versions?: VersionTable;
  /** The saved content of a row (what a version keeps). */
  contentOf?: (row: R) => Record<string, unknown>;
}

export interface StepSpec<R, N> {
  row: R & RecordRow;
  step: string;
  to: string;
  /** Columns to change besides the status, the version and the instants. */
  set?: Partial<N>;
  /** The content changed: save a new version and count the record as current again. */
  revise?: boolean;
  note?: string | null;
  messages?: (row: R, eventId: number) => OutboundMessage[];
}

async function saveVersion<R, N>(deps: StepDeps<R, N>, tx: Tx, row: R, subjectId: string, version: number) {
  if (!deps.versions || !deps.contentOf) return;
  await deps.history.withDb(tx).appendVersion(deps.versions, {
    subjectId,
    version,
    content: deps.contentOf(row),
    actor: deps.principal.sub ?? deps.principal.role,
    actorRole: deps.principal.role,
    at: deps.now,
  });
}

/** A new record in its first state: the row, its version 1, its event and messages, in one transaction. */
export async function createRecord<R extends RecordRow, N>(
  deps: StepDeps<R, N>,
  values: N,
  step: string,
  messages?: (row: R, eventId: number) => OutboundMessage[],
): Promise<R> {
  return inTransaction(deps.db, async (tx) => {
    const row = await deps.store.withDb(tx).insert(values);
    const eventId = await deps.history.withDb(tx).appendEvent(deps.events, {
      ...eventValues(deps.principal, {
        subjectId: row.id,
        action: step,
        fromStatus: null,
        toStatus: row.status,
        data: row.version === undefined ? null : { version: row.version },
      }),
      at: deps.now,
    });
    if (row.version !== undefined) await saveVersion(deps, tx, row, row.id, row.version);
    await deps.outbox.withDb(tx).enqueue(messages?.(row, eventId) ?? []);
    return row;
  });
}

/** One step of an existing record. */
export async function runStep<R extends RecordRow, N>(deps: StepDeps<R, N>, spec: StepSpec<R, N>): Promise<R> {
  const { principal, now, name } = deps;
  const { row } = spec;
  const version = row.version === undefined ? undefined : spec.revise ? row.version + 1 : row.version;
  const set = {
    ...spec.set,
    status: spec.to,
    updatedAt: now,
    ...(spec.revise && version !== undefined ? { version, revisedAt: now } : {}),
  } as unknown as Partial<N>;
  return inTransaction(deps.db, async (tx) => {
    const updated = await deps.store.withDb(tx).transition(row.id, row, set);
    if (!updated) {
      throw new ConflictError(`${name}: "${spec.step}" is not possible, it was changed meanwhile.`, { id: row.id });
    }
    const eventId = await deps.history.withDb(tx).appendEvent(deps.events, {
      ...eventValues(principal, {
        subjectId: row.id,
        action: spec.step,
        fromStatus: row.status,
        toStatus: spec.to,
        note: spec.note ?? null,
        data: version === undefined ? null : { version },
      }),
      at: now,
    });
    if (spec.revise && version !== undefined) await saveVersion(deps, tx, updated, row.id, version);
    await deps.outbox.withDb(tx).enqueue(spec.messages?.(updated, eventId) ?? []);
    return updated;
  });
}

/**
 * Records the `EXPIRE` step of each row a daily job took down (an event by the system at `now`, in the job's
 * transaction, with the row's version) and gives each row with its event's id, which keys the message about it.
 */
export async function recordExpiries<R extends { id: string; version: number }>(
  db: Tx,
  events: EventTable,
  rows: readonly R[],
  by: { job: string; now: Date; note: (row: R) => string },
): Promise<Array<{ row: R; eventId: number }>> {
  const history = new HistoryStore(db);
  const out: Array<{ row: R; eventId: number }> = [];
  for (const row of rows) {
    const eventId = await history.appendEvent(events, {
      subjectId: row.id,
      action: 'EXPIRE',
      fromStatus: 'PUBLISHED',
      toStatus: 'EXPIRED',
      actor: by.job,
      actorRole: 'system',
      note: by.note(row),
      data: { version: row.version },
      at: by.now,
    });
    out.push({ row, eventId });
  }
  return out;
}

/** The life-cycle columns of a published record's table, for the SQL conditions below. */
export interface PublishedColumns {
  status: PgColumn;
  expiresOn: PgColumn;
  revisedAt: PgColumn;
}

/** The `status` and `stale` filters of a list of published records. */
export interface PublishedFilter {
  status?: string | null;
  stale?: boolean | null;
}

/** Published and not past its last valid day (China calendar day of `now`). */
export function isCurrent(t: PublishedColumns, now: Date): SQL {
  return and(eq(t.status, 'PUBLISHED'), or(isNull(t.expiresOn), gte(t.expiresOn, chinaDay(now))))!;
}

/** Published and its content not updated for 90 days. */
export function isStale(t: PublishedColumns, now: Date): SQL {
  return and(eq(t.status, 'PUBLISHED'), lt(t.revisedAt, staleBefore(now)))!;
}

/** The `status` and `stale` conditions of a list (stale false: every row but the stale ones). */
export function publishedFilter(t: PublishedColumns, filter: PublishedFilter, now: Date): SQL | undefined {
  const stale = filter.stale === true ? isStale(t, now) : undefined;
  const fresh = filter.stale === false ? or(ne(t.status, 'PUBLISHED'), gte(t.revisedAt, staleBefore(now))) : undefined;
  return and(filter.status ? eq(t.status, filter.status) : undefined, stale, fresh);
}

/**
 * What the caller may read: public rows (`published`), or rows in the caller's scope. `scope` undefined means no
 * restriction (admins, analysts); extra conditions widen the scope (an institution's own rows).
 */
export function visibleWhen(
  published: SQL | undefined,
  scope: SQL | undefined,
  ...extra: Array<SQL | undefined>
): SQL | undefined {
  if (scope === undefined) return undefined;
  return or(...[published, scope, ...extra].filter((c): c is SQL => c !== undefined));
}
