/**
 * Workflows are data: a transition table (state, action, who may do it, next state). Every transition runs in one
 * transaction with its event row (who, when, from, to, note), and side effects go to the outbox in the same
 * transaction. This module is the one way every department does that.
 */
import type { Database } from '@qq/db/client';
import type { Principal } from './auth.ts';
import { ConflictError, ForbiddenError } from './errors.ts';

/** A drizzle transaction; it has the same query API as the database. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface Transition<S extends string, A extends string, R> {
  /** States the action applies in; `null` for the action that creates the subject. */
  from: readonly S[] | null;
  action: A;
  to: S;
  /** Who may take it, given the caller and the row (undefined on creation). */
  allowed: (principal: Principal, row: R | undefined) => boolean;
}

export interface Workflow<S extends string, A extends string, R> {
  name: string;
  transitions: ReadonlyArray<Transition<S, A, R>>;
  /** The next state for `action` from `status`; CONFLICT when the action does not apply there, FORBIDDEN when the caller may not. */
  next(status: S | null, action: A, principal: Principal, row?: R): S;
  /** Actions the caller may take now (for clients to show the right buttons). */
  available(status: S, principal: Principal, row: R): A[];
}

export function defineWorkflow<S extends string, A extends string, R>(
  name: string,
  transitions: ReadonlyArray<Transition<S, A, R>>,
): Workflow<S, A, R> {
  return {
    name,
    transitions,
    next(status, action, principal, row) {
      const candidates = transitions.filter(
        (t) => t.action === action && (t.from === null ? status === null : status !== null && t.from.includes(status)),
      );
      if (candidates.length === 0) {
        throw new ConflictError(`${name}: "${action}" is not possible in state ${status ?? '(new)'}.`, {
          status,
          action,
        });
      }
      const permitted = candidates.find((t) => t.allowed(principal, row));
      if (!permitted) throw new ForbiddenError(`${name}: this caller may not "${action}".`);
      return permitted.to;
    },
    available(status, principal, row) {
      return transitions
        .filter((t) => t.from !== null && t.from.includes(status) && t.allowed(principal, row))
        .map((t) => t.action);
    },
  };
}

/** What an event row records; `actor` and `actorRole` come from the caller. */
export interface EventInput {
  subjectId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  note?: string | null;
  data?: Record<string, unknown> | null;
}

export function eventValues(principal: Principal, input: EventInput) {
  return {
    subjectId: input.subjectId,
    action: input.action,
    fromStatus: input.fromStatus,
    toStatus: input.toStatus,
    actor: principal.sub ?? 'anonymous',
    actorRole: principal.role,
    note: input.note ?? null,
    data: input.data ?? null,
  };
}

/** Runs `work` in one transaction: every change that spans several rows goes through here. */
export function inTransaction<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(work);
}

/** The words that may join an action's words to the entity in its mutation's name (`requestTransferOfMatter`). */
const MUTATION_JOINERS = ['Of', 'To', 'From'];

/**
 * The name a workflow action's mutation must have: the action's words in lower camel case, then the entity, either
 * directly or after a joiner (Of, To, From), then, optionally, more words (`Draft`, `ForReview`). For `MatterAction`
 * REQUEST_TRANSFER: `requestTransferOfMatter`; for `PolicyAction` CREATE: `createPolicyDraft`.
 */
export function actionMutationPattern(actionEnum: string, value: string): RegExp {
  const entity = actionEnum.replace(/Action$/, '');
  const words = value
    .toLowerCase()
    .split('_')
    .map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
  return new RegExp(`^${words}(?:${MUTATION_JOINERS.join('|')})?${entity}(?:[A-Z][A-Za-z0-9]*)?$`);
}
