/**
 * The exchange's side in policies (数据交换, Art. 6 (3)): the 收件, 受理, 退回, 办理 and 办结 of redemption applications
 * handled in a department's own approval system. Integrators push them to the platform (`reportRedemptionStep`), which
 * authenticates the registered client, logs the push and relays it here through the gateway as the platform's relay
 * (`relayRedemptionStep`); nobody else may call this. The step is the redemption workflow's own (the transition
 * table, deadlines, events, messages), taken by the sending system at the instant it reports:
 * - idempotent by the sender's event id: the applied step's event records `{ exchange: { clientId, eventId } }` in
 *   the same transaction, and a repeat finds it (DUPLICATE);
 * - in order per application: the application row is locked, and a step older than its latest is STALE (not applied);
 * - a system acts only on its own department's applications in its unit (NOT_FOUND otherwise, as a missing one).
 */
import type { Database } from '@qq/db/client';
import {
  BadUserInputError,
  CITY_CODE,
  CodedError,
  ForbiddenError,
  inTransaction,
  isDepartmentCode,
  NotFoundError,
  parseInput,
  reportedInstantSchema,
  unitCodeSchema,
  type DepartmentCode,
  type Principal,
  type Tx,
} from '@qq/kit';
import { z } from 'zod';
import { createLoaders } from '../loaders.ts';
import { ApplicationStore, type ApplicationRow } from '../store/applications.store.ts';
import { PolicyStore } from '../store/policies.store.ts';
import { RedemptionExchangeStore } from '../store/redemptionExchange.store.ts';
import { RedemptionService } from './redemption.service.ts';
import { amount, length, uuid } from './validation.ts';

/** The relay's client id (the platform's exchange): `EXCHANGE_RELAY_CLIENT`, the same setting the platform reads. */
export function relayClientId(env: NodeJS.ProcessEnv = process.env): string {
  return env.EXCHANGE_RELAY_CLIENT ?? 'platform-exchange';
}

export type RelayResult = 'APPLIED' | 'DUPLICATE' | 'STALE';

export interface RelayOutcome {
  eventId: string;
  result: RelayResult;
  application: ApplicationRow;
}

function withReason<E extends CodedError>(error: E, reason: string): E {
  (error.extensions as Record<string, unknown>).reason = reason;
  return error;
}

const clientInput = z.object({
  clientId: z.string().regex(/^[a-z0-9-]{3,64}$/, 'is not a client id'),
  departmentCode: z.string().refine(isDepartmentCode, 'is not a department code'),
  countyCode: unitCodeSchema,
});

const stepInput = z
  .object({
    eventId: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1–100 characters: letters, digits, ".", "_", ":", "-"'),
    occurredAt: reportedInstantSchema,
    applicationId: uuid,
    step: z.enum(['RECEIVE', 'ACCEPT', 'RETURN', 'PROCESS', 'COMPLETE']),
    note: length(1, 500, '办理意见').nullish(),
    reason: length(2, 500, '原因').nullish(),
    outcome: z.enum(['APPROVED', 'REFUSED']).nullish(),
    amountGranted: amount.nullish(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.step === 'RETURN' && !v.reason) issue('reason', 'is required for RETURN (退回须说明原因)');
    if (v.step === 'COMPLETE' && !v.outcome) issue('outcome', 'is required for COMPLETE');
    if (v.step !== 'COMPLETE' && v.outcome) issue('outcome', 'is given with COMPLETE only');
    if (v.outcome === 'REFUSED' && !v.reason)
      issue('reason', 'is required when the outcome is REFUSED (不予兑现须说明原因)');
    if (v.amountGranted != null && v.outcome !== 'APPROVED') {
      issue('amountGranted', 'is given with the outcome APPROVED only');
    }
  });

/** A step in the future by more than this is refused (senders' clocks drift a little). */
const CLOCK_SKEW_MS = 5 * 60_000;

const DEFAULT_REASON: Record<string, string> = {
  BAD_USER_INPUT: 'EXCHANGE_INVALID',
  NOT_FOUND: 'EXCHANGE_APPLICATION_UNKNOWN',
  CONFLICT: 'EXCHANGE_STEP_NOT_POSSIBLE',
  FORBIDDEN: 'EXCHANGE_OUT_OF_SCOPE',
};

export class RedemptionExchangeService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly now: Date,
  ) {}

  /** The platform's exchange relay: a `system` token of the relay client, of the Big Data Bureau, city-wide. */
  private requireRelay(): void {
    const p = this.principal;
    if (p.role !== 'system' || p.sub !== relayClientId() || p.dept !== 'bigdata' || p.county !== CITY_CODE) {
      throw withReason(
        new ForbiddenError(
          'Only the platform’s exchange relays redemption steps: push them with reportRedemptionStep.',
        ),
        'EXCHANGE_RELAY_ONLY',
      );
    }
  }

  /** One relayed step (see the module comment); every refusal carries `reason` (and `field` for bad input). */
  async relay(rawClient: unknown, raw: unknown): Promise<RelayOutcome> {
    this.requireRelay();
    try {
      const client = parseInput(clientInput, rawClient, 'client');
      const input = parseInput(stepInput, raw, 'input');
      if (input.occurredAt.getTime() > this.now.getTime() + CLOCK_SKEW_MS) {
        throw new BadUserInputError('input.occurredAt', 'is in the future');
      }
      // The sending system, as the steps and their events record it.
      const system: Principal = Object.freeze({
        role: 'system',
        sub: client.clientId,
        dept: client.departmentCode as DepartmentCode,
        county: client.countyCode,
        enterprise: null,
        perms: Object.freeze([]) as readonly string[],
      });
      return await inTransaction(this.db, async (tx) => {
        const store = new RedemptionExchangeStore(tx);
        const row = await store.lock(input.applicationId);
        const ours =
          !!row &&
          row.departmentCode === system.dept &&
          (system.county === CITY_CODE || system.county === row.countyCode);
        if (!row || !ours) throw new NotFoundError('RedemptionApplication', input.applicationId);
        if (await store.applied(row.id, client.clientId, input.eventId)) {
          return { eventId: input.eventId, result: 'DUPLICATE' as const, application: row };
        }
        // A late report of an older step never overwrites a newer state.
        const latest = await store.latestStepAt(row.id);
        if (latest && input.occurredAt < latest) {
          return { eventId: input.eventId, result: 'STALE' as const, application: row };
        }
        // The step's event carries the sender's client and event id (a repeat finds it).
        const updated = await this.apply(tx, system, input, { clientId: client.clientId, eventId: input.eventId });
        return { eventId: input.eventId, result: 'APPLIED' as const, application: updated };
      });
    } catch (error) {
      if (error instanceof CodedError) {
        const ext = error.extensions as Record<string, unknown>;
        ext.reason ??= DEFAULT_REASON[String(ext.code)] ?? null;
      }
      throw error;
    }
  }

  /** The step through the redemption workflow, as the system, at the reported instant, in the push's transaction. */
  private apply(
    tx: Tx,
    system: Principal,
    input: z.output<typeof stepInput>,
    exchange: { clientId: string; eventId: string },
  ): Promise<ApplicationRow> {
    const db = tx as unknown as Database;
    const stores = { policies: new PolicyStore(db, system), applications: new ApplicationStore(db, system) };
    const redemption = new RedemptionService({
      principal: system,
      db,
      store: stores.applications,
      policies: stores.policies,
      loaders: createLoaders(stores),
      now: input.occurredAt,
      eventData: { exchange },
    });
    const note = input.note ?? null;
    switch (input.step) {
      case 'RECEIVE':
        return redemption.receive(input.applicationId, { note });
      case 'ACCEPT':
        return redemption.accept(input.applicationId, { note });
      case 'RETURN':
        return redemption.returnToApplicant(input.applicationId, { reason: input.reason });
      case 'PROCESS':
        return redemption.process(input.applicationId, { note });
      case 'COMPLETE':
        return redemption.complete(input.applicationId, {
          approved: input.outcome === 'APPROVED',
          amountGranted: input.amountGranted ?? null,
          reason: input.reason ?? null,
          note,
        });
    }
  }
}
