/**
 * The exchange (数据交换, Art. 6 (3)): departments' own systems push the 收件, 受理, 办理 and 办结 of their cases.
 * A pushing system signs in as a machine (`system` token whose `sub` is a client registered here, for the same
 * department and unit). Each push is validated, idempotent by the sender's event id (a receipt row in the same
 * transaction as the change), applied in order per case (a step older than the case's latest is recorded STALE and
 * changes nothing), and logged with who sent what, refused pushes included, with the coded error. The steps
 * themselves are the case workflow's (`CaseService`): the same transition table, events and messages.
 */
import type { Database } from '@qq/db/client';
import { exchangePushes } from '@qq/db/schema/platform';
import {
  BadUserInputError,
  CITY_CODE,
  CodedError,
  ConflictError,
  encodeCursor,
  ForbiddenError,
  inTransaction,
  isDepartmentCode,
  isValidCreditCode,
  NotFoundError,
  parseInput,
  readPage,
  reportedInstantSchema,
  unitCodeSchema,
  type Principal,
  type Tx,
} from '@qq/kit';
import { and, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { CaseRow, CaseStore } from '../store/cases.store.ts';
import type { ExchangeClientRow, ExchangePushRow, ExchangeStore } from '../store/exchange.store.ts';
import { handlingUnitSchema, licenceSchema, PHONE, type CaseService } from './cases.service.ts';
import type { RedemptionRelay } from './redemptionRelay.ts';

/** The exchange's reasons (`extensions.reason`) for integrators, by error code. */
export const EXCHANGE_REASONS = {
  EXCHANGE_CLIENT_UNKNOWN: 'FORBIDDEN: the token is not a registered, active client of its department and unit',
  EXCHANGE_INVALID: 'BAD_USER_INPUT: a field is missing or malformed (`field` names it)',
  EXCHANGE_SERVICE_UNKNOWN: 'NOT_FOUND: no such service in the catalogue',
  EXCHANGE_SERVICE_CLOSED: 'CONFLICT: the service is not published',
  EXCHANGE_CASE_UNKNOWN: 'NOT_FOUND: no case of this client (or of its scope) with this number',
  EXCHANGE_CASE_EXISTS: 'CONFLICT: the client reported a case with this number before, under another event id',
  EXCHANGE_STEP_NOT_POSSIBLE: 'CONFLICT: the step does not follow from the case’s state (e.g. PROCESS before ACCEPT)',
  EXCHANGE_OUT_OF_SCOPE: 'FORBIDDEN: the service or case belongs to another department or unit',
  EXCHANGE_EVENT_ID_REUSED: 'CONFLICT: the event id was pushed before for another case or application',
  EXCHANGE_APPLICATION_UNKNOWN:
    'NOT_FOUND: no redemption application of this client’s department and unit with this id',
  EXCHANGE_UNAVAILABLE: 'SERVICE_UNAVAILABLE: the step could not be relayed to policies now; push it again',
} as const;
export type ExchangeReason = keyof typeof EXCHANGE_REASONS;

const DEFAULT_REASON: Record<string, ExchangeReason> = {
  BAD_USER_INPUT: 'EXCHANGE_INVALID',
  NOT_FOUND: 'EXCHANGE_CASE_UNKNOWN',
  CONFLICT: 'EXCHANGE_STEP_NOT_POSSIBLE',
  FORBIDDEN: 'EXCHANGE_OUT_OF_SCOPE',
};

function withReason<E extends CodedError>(error: E, reason: ExchangeReason): E {
  (error.extensions as Record<string, unknown>).reason = reason;
  return error;
}

const instant = reportedInstantSchema;
const eventId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1–100 characters: letters, digits, ".", "_", ":", "-"');
const externalId = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);

const caseReport = z.object({
  eventId,
  occurredAt: instant,
  externalId,
  serviceId: z.string().uuid('must be the id of a service'),
  enterpriseCode: z.string().refine(isValidCreditCode, 'is not a valid unified social credit code'),
  applicantName: text(2, 50),
  applicantPhone: z.string().trim().regex(PHONE, 'is not a phone number').nullish(),
  appliedAt: instant.nullish(),
  handlingUnit: handlingUnitSchema,
});

const stepReport = z
  .object({
    eventId,
    occurredAt: instant,
    externalId: externalId.nullish(),
    referenceNo: z
      .string()
      .regex(/^BJ\d{14}$/, 'is not a case number of the platform')
      .nullish(),
    step: z.enum(['ACCEPT', 'REJECT', 'RETURN', 'RESUBMIT', 'PROCESS', 'CONCLUDE']),
    reason: text(1, 500).nullish(),
    outcome: z.enum(['APPROVED', 'DENIED']).nullish(),
    handlingUnit: handlingUnitSchema,
    licence: licenceSchema.nullish(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (!v.externalId === !v.referenceNo) issue('externalId', 'give exactly one of externalId and referenceNo');
    if ((v.step === 'REJECT' || v.step === 'RETURN') && !v.reason) issue('reason', `is required for ${v.step}`);
    if (v.step === 'CONCLUDE' && !v.outcome) issue('outcome', 'is required for CONCLUDE');
    if (v.step !== 'CONCLUDE' && v.outcome) issue('outcome', 'is given with CONCLUDE only');
    if (v.outcome === 'DENIED' && !v.reason) issue('reason', 'is required when the outcome is DENIED');
    if (v.licence && v.outcome !== 'APPROVED') issue('licence', 'is issued only with the outcome APPROVED');
  });

const registerInput = z.object({
  clientId: z.string().regex(/^[a-z0-9-]{3,64}$/, 'must be 3–64 characters: lower-case letters, digits, "-"'),
  name: text(2, 100),
  departmentCode: z.string().refine(isDepartmentCode, 'is not a department code'),
  countyCode: unitCodeSchema,
});

/** A step in the future by more than this is refused (clocks of the senders drift a little). */
const CLOCK_SKEW_MS = 5 * 60_000;

export type PushResult = 'APPLIED' | 'DUPLICATE' | 'STALE';

export interface Receipt {
  eventId: string;
  result: PushResult;
  case: CaseRow;
}

/** The answer to a redemption step: the application is the policies subgraph's (resolved through the graph). */
export interface RedemptionReceipt {
  eventId: string;
  result: PushResult;
  application: { id: string };
}

/** What a redemption step must carry before it is relayed; policies checks the rest (and all of it again). */
const redemptionEnvelope = z
  .object({
    eventId,
    occurredAt: instant,
    applicationId: z.string().uuid('must be the id of a redemption application'),
  })
  .passthrough();

function eventIdReused(id: string): ConflictError {
  return withReason(
    new ConflictError(`Event id ${id} was pushed before for another case or application.`),
    'EXCHANGE_EVENT_ID_REUSED',
  );
}

export class ExchangeService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: ExchangeStore,
    private readonly cases: CaseService,
    private readonly caseStore: CaseStore,
    private readonly now: Date,
    private readonly relay: RedemptionRelay,
  ) {}

  /** The registered, active client the caller's token speaks for. */
  private async client(): Promise<ExchangeClientRow> {
    const p = this.principal;
    const client = p.role === 'system' && p.sub ? await this.store.client(p.sub) : null;
    if (!client || !client.active || client.departmentCode !== p.dept || client.countyCode !== p.county) {
      throw withReason(
        new ForbiddenError(
          'Not a registered, active exchange client of this department and unit (未注册的交换客户端).',
        ),
        'EXCHANGE_CLIENT_UNKNOWN',
      );
    }
    return client;
  }

  reportCase(raw: unknown): Promise<Receipt> {
    return this.push('reportCase', raw, async (client) => {
      const input = parseInput(caseReport, raw, 'input');
      this.notInFuture(input.occurredAt);
      const duplicate = await this.duplicate(client, input.eventId);
      if (duplicate) return duplicate;
      const service = await this.cases.publishedService(input.serviceId, 'input.serviceId').catch((error: unknown) => {
        if (error instanceof CodedError && error.extensions.code === 'NOT_FOUND') {
          throw withReason(error, 'EXCHANGE_SERVICE_UNKNOWN');
        }
        if (error instanceof CodedError && error.extensions.code === 'CONFLICT') {
          throw withReason(error, 'EXCHANGE_SERVICE_CLOSED');
        }
        throw error;
      });
      await this.cases.requireEnterprise(input.enterpriseCode, 'input.enterpriseCode');
      return inTransaction(this.db, async (tx) => {
        if (!(await this.claim(tx, client, input.eventId, 'reportCase', input.occurredAt))) {
          return (await this.duplicate(client, input.eventId, tx))!;
        }
        if (await this.caseStore.withDb(tx).findBySource(client.clientId, input.externalId)) {
          throw withReason(
            new ConflictError(`Case ${input.externalId} was reported before under another event id.`),
            'EXCHANGE_CASE_EXISTS',
          );
        }
        const row = await this.cases.receiveIn(
          tx,
          {
            service,
            enterpriseCode: input.enterpriseCode,
            applicantName: input.applicantName,
            applicantPhone: input.applicantPhone ?? null,
            channel: 'EXCHANGE',
            appliedAt: input.appliedAt ?? input.occurredAt,
            sourceClient: client.clientId,
            externalId: input.externalId,
          },
          { at: input.occurredAt, handlingUnit: input.handlingUnit, data: { eventId: input.eventId } },
        );
        await this.store.withDb(tx).settle(client.clientId, input.eventId, { result: 'APPLIED', caseId: row.id });
        return { eventId: input.eventId, result: 'APPLIED' as const, case: row };
      });
    });
  }

  reportCaseStep(raw: unknown): Promise<Receipt> {
    return this.push('reportCaseStep', raw, async (client) => {
      const input = parseInput(stepReport, raw, 'input');
      this.notInFuture(input.occurredAt);
      const duplicate = await this.duplicate(client, input.eventId);
      if (duplicate) return duplicate;
      return inTransaction(this.db, async (tx) => {
        if (!(await this.claim(tx, client, input.eventId, 'reportCaseStep', input.occurredAt))) {
          return (await this.duplicate(client, input.eventId, tx))!;
        }
        const caseStore = this.caseStore.withDb(tx);
        const row = input.externalId
          ? await caseStore.findBySource(client.clientId, input.externalId)
          : await caseStore.findByReferenceForUpdate(input.referenceNo!);
        if (!row) {
          throw withReason(
            new NotFoundError('Case', input.externalId ?? input.referenceNo ?? ''),
            'EXCHANGE_CASE_UNKNOWN',
          );
        }
        const receipts = this.store.withDb(tx);
        // A late report of an older step never overwrites a newer state.
        if (input.occurredAt < row.lastStepAt) {
          await receipts.settle(client.clientId, input.eventId, { result: 'STALE', caseId: row.id });
          return { eventId: input.eventId, result: 'STALE' as const, case: row };
        }
        const updated = await this.cases
          .applyStep(tx, row, input.step, {
            at: input.occurredAt,
            reason: input.reason ?? null,
            outcome: input.outcome ?? null,
            handlingUnit: input.handlingUnit,
            licence: input.licence ?? null,
            data: { eventId: input.eventId },
          })
          .catch((error: unknown) => {
            if (error instanceof CodedError && error.extensions.code === 'CONFLICT') {
              throw withReason(error, 'EXCHANGE_STEP_NOT_POSSIBLE');
            }
            throw error;
          });
        await receipts.settle(client.clientId, input.eventId, { result: 'APPLIED', caseId: updated.id });
        return { eventId: input.eventId, result: 'APPLIED' as const, case: updated };
      });
    });
  }

  /**
   * A step of a redemption application (政策兑现) handled in the department's approval system: checked here as every
   * push (registered client, envelope, not in the future, event id not used for something else), relayed to policies
   * through the gateway, which applies it once per event id and in order per application, then recorded. A repeat
   * of a recorded event id is answered DUPLICATE here without relaying it again.
   */
  reportRedemptionStep(raw: unknown): Promise<RedemptionReceipt> {
    return this.push('reportRedemptionStep', raw, async (client) => {
      const input = parseInput(redemptionEnvelope, raw, 'input');
      this.notInFuture(input.occurredAt);
      const seen = await this.store.receipt(client.clientId, input.eventId);
      if (seen) {
        if (!seen.applicationId || seen.applicationId !== input.applicationId) throw eventIdReused(input.eventId);
        return { eventId: input.eventId, result: 'DUPLICATE', application: { id: seen.applicationId } };
      }
      // The step as the client sent it (the input type's fields are the relayed step's).
      const answer = await this.relay.relay(
        { clientId: client.clientId, departmentCode: client.departmentCode, countyCode: client.countyCode },
        raw as Record<string, unknown>,
      );
      await this.store.claim({
        clientId: client.clientId,
        eventId: input.eventId,
        kind: 'reportRedemptionStep',
        result: answer.result,
        applicationId: answer.applicationId,
        occurredAt: input.occurredAt,
        at: this.now,
      });
      return { eventId: input.eventId, result: answer.result, application: { id: answer.applicationId } };
    });
  }

  private notInFuture(at: Date): void {
    if (at.getTime() > this.now.getTime() + CLOCK_SKEW_MS) {
      throw new BadUserInputError('input.occurredAt', 'is in the future');
    }
  }

  private claim(tx: Tx, client: ExchangeClientRow, id: string, kind: string, occurredAt: Date) {
    return this.store
      .withDb(tx)
      .claim({ clientId: client.clientId, eventId: id, kind, result: 'PENDING', occurredAt, at: this.now });
  }

  /** The answer to an event id pushed before: DUPLICATE with the case as it stands now. */
  private async duplicate(client: ExchangeClientRow, id: string, tx?: Tx): Promise<Receipt | null> {
    const store = tx ? this.store.withDb(tx) : this.store;
    const receipt = await store.receipt(client.clientId, id);
    if (!receipt) return null;
    if (!receipt.caseId) throw eventIdReused(id);
    const [row] = await (tx ? this.caseStore.withDb(tx) : this.caseStore).findByIds([receipt.caseId]);
    return row ? { eventId: id, result: 'DUPLICATE', case: row } : null;
  }

  /** Runs a push and records it, whatever became of it; a refusal is recorded with its code, then answered. */
  private async push<R extends { eventId: string; result: PushResult; case?: CaseRow; application?: { id: string } }>(
    operation: string,
    raw: unknown,
    run: (client: ExchangeClientRow) => Promise<R>,
  ): Promise<R> {
    const p = this.principal;
    const payload = (raw ?? {}) as Record<string, unknown>;
    const sentId = typeof payload.eventId === 'string' ? payload.eventId.slice(0, 100) : null;
    try {
      const client = await this.client();
      const receipt = await run(client);
      await this.store.log({
        clientId: client.clientId,
        eventId: receipt.eventId,
        kind: operation,
        payload,
        result: receipt.result,
        caseId: receipt.case?.id ?? null,
        applicationId: receipt.application?.id ?? null,
        departmentCode: client.departmentCode,
        countyCode: client.countyCode,
        at: this.now,
      });
      return receipt;
    } catch (error) {
      if (!(error instanceof CodedError)) throw error;
      const ext = error.extensions as Record<string, unknown>;
      ext.reason ??= DEFAULT_REASON[String(ext.code)] ?? null;
      await this.store.log({
        clientId: p.sub ?? 'unknown',
        eventId: sentId,
        kind: operation,
        payload,
        result: 'REFUSED',
        errorCode: String(ext.code),
        errorReason: (ext.reason as string | null) ?? null,
        errorField: typeof ext.field === 'string' ? ext.field : null,
        message: error.message,
        departmentCode: p.dept,
        countyCode: p.county,
        at: this.now,
      });
      throw error;
    }
  }

  /** The log of pushes: administrators of their county scope, a system its own. */
  async pushes(args: {
    first?: number | null;
    after?: string | null;
    clientId?: string | null;
    result?: string | null;
  }) {
    const p = this.principal;
    const page = readPage(args, 1);
    let scope: SQL | undefined;
    if (p.role === 'admin') scope = p.county === CITY_CODE ? undefined : eq(exchangePushes.countyCode, p.county ?? '');
    else if (p.role === 'system') scope = eq(exchangePushes.clientId, p.sub ?? '');
    else throw new ForbiddenError('Only administrators and the systems themselves read the exchange log.');
    const rows = await this.store.pushes(
      and(
        scope,
        args.clientId ? eq(exchangePushes.clientId, args.clientId) : undefined,
        args.result ? eq(exchangePushes.result, args.result) : undefined,
      ),
      page.limit + 1,
      page.after,
    );
    const nodes = rows.slice(0, page.limit);
    const last = nodes.at(-1);
    return {
      nodes,
      pageInfo: {
        hasNextPage: rows.length > page.limit,
        hasPreviousPage: false,
        startCursor: nodes[0] ? cursor(nodes[0]) : null,
        endCursor: last ? cursor(last) : null,
      },
    };
  }

  private requireCityAdmin(): void {
    const p = this.principal;
    if (p.role !== 'admin' || p.county !== CITY_CODE) {
      throw new ForbiddenError('Only city administrators (410400) register exchange clients.');
    }
  }

  clients() {
    const p = this.principal;
    if (p.role !== 'admin') throw new ForbiddenError('Only administrators read the exchange clients.');
    return this.store.clients(p.county ?? CITY_CODE);
  }

  async register(raw: unknown): Promise<ExchangeClientRow> {
    this.requireCityAdmin();
    const input = parseInput(registerInput, raw, 'input');
    const row = await this.store.register({
      ...input,
      registeredBy: this.principal.sub ?? 'unknown',
      registeredAt: this.now,
    });
    if (!row) throw new ConflictError(`Exchange client ${input.clientId} is registered already.`);
    return row;
  }

  async disable(clientId: string): Promise<ExchangeClientRow> {
    this.requireCityAdmin();
    const row = await this.store.disable(clientId, this.now);
    if (!row) throw new NotFoundError('Exchange client', clientId);
    return row;
  }
}

function cursor(row: ExchangePushRow): string {
  return encodeCursor([row.id]);
}
