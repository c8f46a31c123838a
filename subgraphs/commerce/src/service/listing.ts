/**
 * The steps every listing takes, the same way: check the transition, change the row only if it is still in the state
 * and version it was read in (else CONFLICT), append the event, save a new version when the content changed, write
 * the messages; all in one transaction.
 */
import type { Database } from '@qq/db/client';
import type { EventTable, ListingStatus, VersionTable } from '@qq/db/schema/commerce';
import {
  chinaDay,
  ConflictError,
  eventValues,
  inTransaction,
  type OutboundMessage,
  type Principal,
  type Tx,
} from '@qq/kit';
import type { HistoryStore } from '../store/history.store.ts';
import type { OutboxStore } from '../store/outbox.store.ts';
import { addDays } from '../domain.ts';
import { DEFAULT_VALID_DAYS } from './input.ts';

/** The columns every listing row has. */
export interface ListingRow {
  id: string;
  status: string;
  version: number;
  expiresOn: string | null;
  departmentCode: string;
  countyCode: string;
}

/** The life-cycle columns a step may set. */
export interface ListingSet {
  status?: string;
  version?: number;
  revisedAt?: Date;
  updatedAt?: Date;
  publishedAt?: Date | null;
  expiresOn?: string | null;
  expiredAt?: Date | null;
  withdrawnAt?: Date | null;
  reviewNote?: string | null;
}

export interface ListingStore<R, N> {
  withDb(db: Database | Tx): ListingStore<R, N>;
  insert(values: N): Promise<R>;
  transition(id: string, from: { status: string; version: number }, set: Partial<N>): Promise<R | null>;
}

export interface ListingDeps<R, N> {
  name: string;
  db: Database;
  principal: Principal;
  now: Date;
  store: ListingStore<R, N>;
  history: HistoryStore;
  outbox: OutboxStore;
  events: EventTable;
  versions: VersionTable;
  /** The saved content of a row (what a version keeps). */
  contentOf(row: R): Record<string, unknown>;
}

export interface StepSpec<R, N> {
  row: R & ListingRow;
  step: string;
  to: ListingStatus;
  /** Columns to change besides the life cycle's. */
  set?: Partial<N> & ListingSet;
  /** The content changed: save a new version and count the listing as current again. */
  revise?: boolean;
  note?: string | null;
  messages?: (row: R, eventId: number) => OutboundMessage[];
}

/** A new listing in its first state: the row, its version 1, its event and messages, in one transaction. */
export async function createListing<R extends ListingRow, N>(
  deps: ListingDeps<R, N>,
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
        data: { version: 1 },
      }),
      at: now,
    });
    await history.appendVersion(deps.versions, {
      subjectId: row.id,
      version: 1,
      content: deps.contentOf(row),
      actor: principal.sub ?? principal.role,
      actorRole: principal.role,
      at: now,
    });
    await deps.outbox.withDb(tx).enqueue(messages?.(row, eventId) ?? []);
    return row;
  });
}

/** One step of an existing listing. */
export async function runListingStep<R extends ListingRow, N>(
  deps: ListingDeps<R, N>,
  spec: StepSpec<R, N>,
): Promise<R> {
  const { principal, now, name } = deps;
  const { row } = spec;
  const version = spec.revise ? row.version + 1 : row.version;
  const set = {
    ...spec.set,
    status: spec.to,
    updatedAt: now,
    ...(spec.revise ? { version, revisedAt: now } : {}),
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
        data: { version },
      }),
      at: now,
    });
    if (spec.revise) {
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

/** The last valid day of a new listing when none is given: one year ahead. */
export function defaultExpiry(now: Date): string {
  return addDays(chinaDay(now), DEFAULT_VALID_DAYS);
}

/** Whether a listing's last valid day has passed (it may not be published again without a new one). */
export function isPastExpiry(expiresOn: string | null, now: Date): boolean {
  return expiresOn !== null && expiresOn < chinaDay(now);
}
