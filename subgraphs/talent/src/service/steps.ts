/**
 * The steps every talent record takes, the same way: check the transition, change the row only if it is still in the
 * state and version it was read in (else CONFLICT), append the event, save a new version when the content changed,
 * write the messages; all in one transaction.
 */
import type { Database } from '@qq/db/client';
import type { EventTable, VersionTable } from '@qq/db/schema/talent';
import { ConflictError, eventValues, inTransaction, type OutboundMessage, type Principal, type Tx } from '@qq/kit';
import type { HistoryStore } from '../store/history.store.ts';
import type { OutboxStore } from '../store/outbox.store.ts';

/** The columns every versioned record has. */
export interface RecordRow {
  id: string;
  status: string;
  /** The content's version, for records that keep their versions. */
  version?: number;
}

export interface RecordStore<R, N> {
  withDb(db: Database | Tx): RecordStore<R, N>;
  insert(values: N): Promise<R>;
  transition(id: string, from: { status: string; version?: number }, set: Partial<N>): Promise<R | null>;
}

export interface StepDeps<R, N> {
  name: string;
  db: Database;
  principal: Principal;
  now: Date;
  store: RecordStore<R, N>;
  history: HistoryStore;
  outbox: OutboxStore;
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

/** A new record in its first state: the row, its version 1, its event and messages, in one transaction. */
export async function createRecord<R extends RecordRow, N>(
  deps: StepDeps<R, N>,
  values: N,
  step: string,
  messages?: (row: R, eventId: number) => OutboundMessage[],
): Promise<R> {
  const { principal, now } = deps;
  return inTransaction(deps.db, async (tx) => {
    const row = await deps.store.withDb(tx).insert(values);
    const history = deps.history.withDb(tx);
    const eventId = await history.appendEvent(deps.events, {
      ...eventValues(principal, {
        subjectId: row.id,
        action: step,
        fromStatus: null,
        toStatus: row.status,
        data: row.version === undefined ? null : { version: row.version },
      }),
      at: now,
    });
    if (deps.versions && deps.contentOf && row.version !== undefined) {
      await history.appendVersion(deps.versions, {
        subjectId: row.id,
        version: row.version,
        content: deps.contentOf(row),
        actor: principal.sub ?? principal.role,
        actorRole: principal.role,
        at: now,
      });
    }
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
    const history = deps.history.withDb(tx);
    const eventId = await history.appendEvent(deps.events, {
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
    if (spec.revise && deps.versions && deps.contentOf && version !== undefined) {
      await history.appendVersion(deps.versions, {
        subjectId: row.id,
        version,
        content: deps.contentOf(updated),
        actor: principal.sub ?? principal.role,
        actorRole: principal.role,
        at: now,
      });
    }
    await deps.outbox.withDb(tx).enqueue(spec.messages?.(updated, eventId) ?? []);
    return updated;
  });
}
