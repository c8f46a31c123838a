/**
 * Rules of policy redemption (政策兑现, Art. 6): 申报 → 收件 → 受理, or 退回 with a reason (the enterprise corrects and
 * resubmits; every round kept) → 办理 → 办结 (approved with an amount, or refused with a reason; SMS to the
 * enterprise) → 公示. Each step's time limit in working days comes from the item; every step is told to the
 * enterprise. Reading applications in the caller's scope and the public disclosure lookup live here too.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@qq/db/client';
import type { RedemptionResult, RedemptionStatus } from '@qq/db/schema/policies';
import {
  assertUuid,
  BadUserInputError,
  chinaDay,
  ConflictError,
  countOnlyConnection,
  eventValues,
  ForbiddenError,
  inTransaction,
  isUniqueViolation,
  NotFoundError,
  parseInput,
  readCountyFilter,
  readPage,
  toConnection,
  workingDeadline,
  type Connection,
  type OutboundMessage,
  type PageArgs,
  type Principal,
  type Tx,
} from '@qq/kit';
import { z } from 'zod';
import type { Loaders } from '../loaders.ts';
import { messages } from '../messages.ts';
import {
  applicationCursor,
  disclosureCursor,
  type ApplicationFilter,
  type ApplicationRow,
  type ApplicationStore,
  type NewApplication,
} from '../store/applications.store.ts';
import { TIMED_STEPS } from '../store/figures.store.ts';
import type { ItemRow, ItemWithPolicy, PolicyStore } from '../store/policies.store.ts';
import { amount, creditCode, length, uuid } from './validation.ts';
import { handler, redemptionWorkflow, type RedemptionAction } from './workflows.ts';

const DAY_MS = 24 * 3600_000;

const materialsInput = z
  .array(z.object({ name: length(1, 100, '材料名称'), fileId: uuid }))
  .max(50, 'at most 50 materials')
  .refine((list) => new Set(list.map((m) => m.name)).size === list.length, 'material names must be distinct');

const phone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mobile number (手机号码格式错误)');

const applyInput = z.object({
  itemId: uuid,
  projectName: length(2, 100, '项目名称'),
  amountRequested: amount.nullish(),
  materials: materialsInput,
  contactName: length(1, 50, '联系人'),
  contactPhone: phone,
});

const resubmitInput = z.object({
  materials: materialsInput.nullish(),
  amountRequested: amount.nullish(),
  contactName: length(1, 50, '联系人').nullish(),
  contactPhone: phone.nullish(),
  note: length(1, 500, '补正说明').nullish(),
});

const noteInput = z.object({ note: length(1, 500, '办理意见').nullish() });
const returnInput = z.object({ reason: length(2, 500, '退回原因') });
const completeInput = z
  .object({
    approved: z.boolean(),
    amountGranted: amount.nullish(),
    reason: length(2, 500, '不予兑现原因').nullish(),
    note: length(1, 500, '办理意见').nullish(),
  })
  .superRefine((v, ctx) => {
    if (!v.approved && !v.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required when refusing (不予兑现须说明原因)' });
    }
    if (!v.approved && v.amountGranted) {
      ctx.addIssue({ code: 'custom', path: ['amountGranted'], message: 'must be absent when refusing' });
    }
  });

export type ApplyInput = z.input<typeof applyInput>;

/** What opening an application needs, whichever way it starts (申报, or a confirmed 免申即享 entitlement). */
export interface OpenApplication {
  item: ItemRow;
  enterpriseCode: string;
  projectName: string;
  amountRequested: number | null;
  materials: Array<{ name: string; fileId: string }>;
  contactName: string | null;
  contactPhone: string | null;
  /** SUBMITTED for 申报; ACCEPTED for an application created from a confirmed entitlement (免申即享). */
  startAt: 'SUBMITTED' | 'ACCEPTED';
  origin: 'APPLICATION' | 'ENTITLEMENT';
  /** Recorded in the first event (for 免申即享: the entitlement and rule version). */
  data?: Record<string, unknown>;
  at: Date;
}

const STEP_LABEL: Partial<Record<RedemptionStatus, string>> = {
  SUBMITTED: '收件',
  RECEIVED: '受理审查',
  ACCEPTED: '办理',
  PROCESSING: '办结',
};

export interface RedemptionServiceDeps {
  principal: Principal;
  db: Database;
  store: ApplicationStore;
  policies: PolicyStore;
  loaders: Loaders;
  now: Date;
  /**
   * What every step's event records besides its own data: the exchange puts the sender's client and event id here, so
   * that the event row is written whole once (event tables are append-only).
   */
  eventData?: Record<string, unknown>;
}

/**
 * What a staff step with a time limit (收件, 受理, 退回, 办结) records of its clock in its event: the due time it had and
 * whether it was taken by then (the monthly figures count on-time and overdue steps from these).
 */
function stepTiming(action: RedemptionAction, stepDueAt: Date | null, at: Date): Record<string, unknown> {
  if (!stepDueAt || !(TIMED_STEPS as readonly string[]).includes(action)) return {};
  return { stepDueAt: stepDueAt.toISOString(), onTime: at.getTime() <= stepDueAt.getTime() };
}

export class RedemptionService {
  private readonly principal: Principal;
  constructor(private readonly deps: RedemptionServiceDeps) {
    this.principal = deps.principal;
  }

  /** Applications the caller may see. */
  async list(args: PageArgs & { filter?: ApplicationFilter | null }): Promise<Connection<ApplicationRow>> {
    const page = readPage(args, 2);
    const filter = args.filter ?? {};
    if (filter.itemId) assertUuid(filter.itemId, 'filter.itemId', 'must be a UUID');
    // An empty code means no filter: the store ignores it.
    readCountyFilter(filter.countyCode || null, 'filter.countyCode');
    if (filter.enterpriseCode) parseInput(creditCode, filter.enterpriseCode, 'filter.enterpriseCode');
    const { store, loaders } = this.deps;
    const rows = await store.list(filter, page);
    for (const row of rows) loaders.application.prime(row.id, row);
    return toConnection(rows, page.limit, applicationCursor, () => store.count(filter));
  }

  /** An application the caller may see, else null. */
  async byId(id: string): Promise<ApplicationRow | null> {
    assertUuid(id, 'id');
    return this.deps.loaders.application.load(id);
  }

  /**
   * The applications of an enterprise that the caller may see (one statement for every enterprise of the request);
   * only their count when the query reads nothing else (`rows` false).
   */
  async ofEnterprise(creditCode: string, args: PageArgs, rows = true): Promise<Connection<ApplicationRow>> {
    const page = readPage({ first: args.first }, 2);
    const { loaders } = this.deps;
    if (!rows) return countOnlyConnection(() => loaders.applicationCountByEnterprise.load(creditCode));
    return loaders.applicationsByEnterprise(page.limit).load(creditCode);
  }

  /** Public disclosure lookup by project name (Art. 6): disclosed applications only, through the bigram index. */
  async disclosures(args: PageArgs & { projectName: string }): Promise<Connection<ApplicationRow>> {
    const page = readPage(args, 2);
    const name = args.projectName.trim();
    if ([...name].length < 2 || [...name].length > 100) {
      throw new BadUserInputError('projectName', 'must be 2–100 characters (项目名称至少两个字)');
    }
    const { store } = this.deps;
    const rows = await store.listDisclosures(name, page);
    return toConnection(rows, page.limit, disclosureCursor, () => store.countDisclosures(name));
  }

  /** Actions the caller may take on the application now. */
  availableActions(row: ApplicationRow): RedemptionAction[] {
    return redemptionWorkflow.available(row.status, this.principal, row);
  }

  /**
   * 申报: an enterprise user applies for its own enterprise. An item the caller cannot see (its policy unpublished or
   * withdrawn) is NOT_FOUND, exactly as an id that does not exist; an expired policy is CONFLICT. Every missing
   * required material is named at once (一次性告知). The application, its first step, the attached files and the
   * messages to the applicant are written in one transaction.
   */
  async submit(raw: unknown): Promise<ApplicationRow> {
    const p = this.principal;
    if (p.role !== 'enterprise' || !p.enterprise) {
      throw new ForbiddenError('Only an enterprise user can apply, for its own enterprise (仅企业用户可为本企业申报).');
    }
    redemptionWorkflow.next(null, 'SUBMIT', p);
    const input = parseInput(applyInput, raw);
    const enterpriseCode = p.enterprise;
    const at = new Date(this.deps.now.getTime());
    try {
      const row = await inTransaction(this.deps.db, async (tx) => {
        const item = await this.deps.policies.withTx(tx).lockItemForApplication(input.itemId);
        if (!item) throw new NotFoundError('RedemptionItem', input.itemId);
        assertOpenForApplications(item, at);
        checkMaterials(item.requiredMaterials, input.materials);
        await this.checkFiles(tx, input.materials, enterpriseCode);
        checkAmount(item, input.amountRequested ?? null);
        return this.openInTransaction(tx, {
          item,
          enterpriseCode,
          projectName: input.projectName,
          amountRequested: input.amountRequested ?? null,
          materials: input.materials,
          contactName: input.contactName,
          contactPhone: input.contactPhone,
          startAt: 'SUBMITTED',
          origin: 'APPLICATION',
          at,
        });
      });
      this.deps.loaders.application.prime(row.id, row);
      return row;
    } catch (error) {
      // Two concurrent submissions of the same project: the unique index decides, the loser gets CONFLICT.
      if (isUniqueViolation(error)) throw duplicate();
      throw error;
    }
  }

  /**
   * Opens an application inside the caller's transaction: the row with its deadlines, its first event, its files
   * attached and the messages to the enterprise. `applyForRedemption` calls it with `startAt: 'SUBMITTED'`; 免申即享
   * calls it after the enterprise confirmed an entitlement, with `startAt: 'ACCEPTED'` and `origin: 'ENTITLEMENT'`
   * (no materials; the 办结 clock starts at once). The caller has checked who may do it and that the item is open.
   */
  async openInTransaction(tx: Tx, o: OpenApplication): Promise<ApplicationRow> {
    const store = this.deps.store.withTx(tx as unknown as Database);
    if (await store.existsForProject(o.item.id, o.enterpriseCode, o.projectName)) throw duplicate();
    const id = randomUUID();
    const accepted = o.startAt === 'ACCEPTED';
    const due = accepted
      ? workingDeadline(o.at, o.item.timeLimitDays)
      : workingDeadline(o.at, o.item.receiveDays + o.item.acceptDays + o.item.timeLimitDays);
    const application = await store.insert({
      id,
      itemId: o.item.id,
      projectName: o.projectName,
      enterpriseCode: o.enterpriseCode,
      status: o.startAt,
      origin: o.origin,
      amountRequested: o.amountRequested,
      materials: o.materials,
      contactName: o.contactName,
      contactPhone: o.contactPhone,
      submittedAt: o.at,
      acceptedAt: accepted ? o.at : null,
      dueAt: due,
      stepDueAt: accepted ? due : workingDeadline(o.at, o.item.receiveDays),
      departmentCode: o.item.departmentCode,
      countyCode: o.item.countyCode,
      createdAt: o.at,
      updatedAt: o.at,
    });
    await store.attachFiles(
      o.materials.map((m) => m.fileId),
      id,
    );
    await store.insertEvent({
      ...eventValues(this.principal, {
        subjectId: id,
        action: 'SUBMIT',
        fromStatus: null,
        toStatus: o.startAt,
        data: {
          round: 1,
          origin: o.origin,
          materials: o.materials,
          amountRequested: o.amountRequested,
          ...o.data,
        },
      }),
      at: o.at,
    });
    await store.enqueue(
      stepMessages(application, 'redemption.submitted', 1, {
        sms: true,
        rendered: messages.render('redemption.submitted', {
          projectName: o.projectName,
          itemName: o.item.name,
          round: 1,
        }),
      }),
    );
    return application;
  }

  /** 收件: the handling department signs for a submitted application; the 受理 clock starts. */
  receive(id: string, raw: unknown): Promise<ApplicationRow> {
    return this.step(id, 'RECEIVE', raw ?? {}, noteInput, (row, input, item, at) => ({
      values: { receivedAt: at, stepDueAt: workingDeadline(at, item.acceptDays) },
      note: input.note ?? null,
      message: messages.render('redemption.received', { projectName: row.projectName }),
      topic: 'redemption.received',
    }));
  }

  /** 受理: the materials are complete; the 办结 clock starts from the item's time limit. */
  accept(id: string, raw: unknown): Promise<ApplicationRow> {
    return this.step(id, 'ACCEPT', raw ?? {}, noteInput, (row, input, item, at) => {
      const due = workingDeadline(at, item.timeLimitDays);
      return {
        values: { acceptedAt: at, dueAt: due, stepDueAt: due },
        note: input.note ?? null,
        message: messages.render('redemption.accepted', { projectName: row.projectName, dueDate: chinaDay(due) }),
        topic: 'redemption.accepted',
      };
    });
  }

  /** 退回: back to the enterprise with the reason (mandatory), told by SMS and in-app; no clock runs meanwhile. */
  returnToApplicant(id: string, raw: unknown): Promise<ApplicationRow> {
    return this.step(id, 'RETURN', raw, returnInput, (row, input, _item, at) => ({
      values: { returnedAt: at, returnReason: input.reason, stepDueAt: null },
      note: input.reason,
      message: messages.render('redemption.returned', { projectName: row.projectName, reason: input.reason }),
      topic: 'redemption.returned',
      sms: true,
    }));
  }

  /** 重新申报: the enterprise corrects a returned application (a new round); the 收件 clock starts again. */
  resubmit(id: string, raw: unknown): Promise<ApplicationRow> {
    return this.step(id, 'RESUBMIT', raw ?? {}, resubmitInput, (row, input, item, at, tx) => {
      const materials = input.materials ?? row.materials;
      checkMaterials(item.requiredMaterials, materials);
      checkAmount(item, input.amountRequested ?? row.amountRequested);
      const round = row.round + 1;
      return {
        values: {
          round,
          materials,
          amountRequested: input.amountRequested ?? row.amountRequested,
          contactName: input.contactName ?? row.contactName,
          contactPhone: input.contactPhone ?? row.contactPhone,
          dueAt: workingDeadline(at, item.receiveDays + item.acceptDays + item.timeLimitDays),
          stepDueAt: workingDeadline(at, item.receiveDays),
        },
        note: input.note ?? null,
        data: { round, materials, amountRequested: input.amountRequested ?? row.amountRequested },
        round,
        before: async () => {
          if (input.materials) {
            await this.checkFiles(tx, input.materials, row.enterpriseCode);
          }
        },
        after: async (store) => {
          await store.attachFiles(
            materials.map((m) => m.fileId),
            id,
          );
        },
        message: messages.render('redemption.submitted', { projectName: row.projectName, itemName: item.name, round }),
        topic: 'redemption.submitted',
        sms: true,
      };
    });
  }

  /** 办理: work on an accepted application starts. */
  process(id: string, raw: unknown): Promise<ApplicationRow> {
    return this.step(id, 'PROCESS', raw ?? {}, noteInput, (row, input, _item, at) => ({
      values: { processingAt: at },
      note: input.note ?? null,
      message: messages.render('redemption.processing', { projectName: row.projectName }),
      topic: 'redemption.processing',
    }));
  }

  /**
   * 办结: approved with the amount granted (within the item's maximum), or refused with a reason. The enterprise's
   * contact gets an SMS written to the outbox in the same transaction.
   */
  complete(id: string, raw: unknown): Promise<ApplicationRow> {
    return this.step(id, 'COMPLETE', raw, completeInput, (row, input, item, at) => {
      const result: RedemptionResult = input.approved ? 'APPROVED' : 'REFUSED';
      let amountGranted: number | null = null;
      if (input.approved && item.maxAmount !== null) {
        if (input.amountGranted == null) {
          throw new BadUserInputError('input.amountGranted', 'is required when approving an item that grants money');
        }
        if (input.amountGranted > item.maxAmount) {
          throw new BadUserInputError(
            'input.amountGranted',
            `must not exceed the item's maximum of ${item.maxAmount} yuan (超过最高兑现金额)`,
          );
        }
        amountGranted = input.amountGranted;
      }
      const outcome = input.approved
        ? amountGranted !== null
          ? `准予兑现，兑现金额${amountGranted}元`
          : '准予兑现'
        : `不予兑现，原因：${input.reason}`;
      return {
        values: {
          completedAt: at,
          result,
          amountGranted,
          refusalReason: input.approved ? null : input.reason!,
          stepDueAt: null,
        },
        note: input.note ?? (input.approved ? outcome : input.reason!),
        data: { result, amountGranted },
        message: messages.render('redemption.completed', { projectName: row.projectName, outcome }),
        topic: 'redemption.completed',
        sms: true,
      };
    });
  }

  /** 公示: the result goes public for the item's disclosure period (the lookup by project name finds it). */
  disclose(id: string, raw: unknown): Promise<ApplicationRow> {
    return this.step(id, 'DISCLOSE', raw ?? {}, noteInput, (row, input, item, at) => {
      const until = new Date(at.getTime() + item.disclosureDays * DAY_MS);
      return {
        values: { disclosedAt: at, disclosureEndsAt: until },
        note: input.note ?? null,
        message: messages.render('redemption.disclosed', { projectName: row.projectName, until: chinaDay(until) }),
        topic: 'redemption.disclosed',
      };
    });
  }

  /**
   * One step of the redemption workflow: the application is looked up through the caller's read scope (NOT_FOUND),
   * the table decides (CONFLICT, FORBIDDEN), the input is checked, then the change (which clears the overdue flag of
   * the step just done), its event and the messages to the enterprise are written in one transaction, only if the
   * application is still in the state it was read in.
   */
  private async step<S extends z.ZodType>(
    id: string,
    action: RedemptionAction,
    raw: unknown,
    schema: S,
    plan: (
      row: ApplicationRow,
      input: z.output<S>,
      item: ItemRow,
      at: Date,
      tx: Tx,
    ) => {
      values: Partial<NewApplication>;
      note: string | null;
      data?: Record<string, unknown>;
      round?: number;
      message: ReturnType<typeof messages.render>;
      topic: string;
      sms?: boolean;
      before?: () => Promise<void>;
      after?: (store: ApplicationStore) => Promise<void>;
    },
  ): Promise<ApplicationRow> {
    const p = this.principal;
    // A department's system takes steps through the exchange (`RedemptionExchangeService`).
    if (p.role !== 'staff' && p.role !== 'enterprise' && p.role !== 'system') throw new ForbiddenError();
    assertUuid(id, 'id');
    const { loaders, db } = this.deps;
    const row = await loaders.application.load(id);
    if (!row) throw new NotFoundError('RedemptionApplication', id);
    const to = redemptionWorkflow.next(row.status, action, p, row);
    const input = parseInput(schema, raw);
    const item = await loaders.itemOfParent.load(row.itemId);
    if (!item) throw new Error(`redemption item ${row.itemId} of application ${id} is missing`);
    const at = new Date(this.deps.now.getTime());
    const updated = await inTransaction(db, async (tx) => {
      const store = this.deps.store.withTx(tx as unknown as Database);
      const s = plan(row, input, item, at, tx);
      await s.before?.();
      const changed = await store.updateInState(id, row.status, { ...s.values, status: to, overdueAt: null });
      if (!changed) {
        throw new ConflictError(`redemption: "${action}" is not possible, the application changed meanwhile.`);
      }
      await store.insertEvent({
        ...eventValues(p, {
          subjectId: id,
          action,
          fromStatus: row.status,
          toStatus: to,
          note: s.note,
          data: {
            round: s.round ?? row.round,
            ...stepTiming(action, row.stepDueAt, at),
            ...s.data,
            ...this.deps.eventData,
          },
        }),
        at,
      });
      await s.after?.(store);
      await store.enqueue(stepMessages(changed, s.topic, s.round ?? row.round, { sms: !!s.sms, rendered: s.message }));
      return changed;
    });
    loaders.application.clear(id).prime(id, updated);
    return updated;
  }

  /** Every file named must have been uploaded for this enterprise. */
  private async checkFiles(tx: Tx, materials: Array<{ fileId: string }>, enterpriseCode: string): Promise<void> {
    const ids = [...new Set(materials.map((m) => m.fileId))];
    const found = new Set(
      (await this.deps.store.withTx(tx as unknown as Database).findOwnFiles(ids, enterpriseCode)).map((f) => f.id),
    );
    const index = materials.findIndex((m) => !found.has(m.fileId));
    if (index >= 0) {
      throw new BadUserInputError(
        `input.materials.${index}.fileId`,
        'is not a file uploaded for this enterprise (请先上传该材料)',
      );
    }
  }

  /** Whether the caller handles this application (the staff who may download its materials). */
  handles(row: ApplicationRow): boolean {
    return handler(this.principal, row);
  }
}

/** A policy open for applications: published and within its validity. */
function assertOpenForApplications(item: ItemWithPolicy, at: Date): void {
  if (item.policyStatus !== 'PUBLISHED') {
    throw new ConflictError('The policy of this item takes no applications (政策已失效或未发布，不能申报).', {
      status: item.policyStatus,
    });
  }
  if ((item.policyValidFrom && item.policyValidFrom > at) || (item.policyValidUntil && item.policyValidUntil <= at)) {
    throw new ConflictError('The policy of this item is not valid now (不在政策有效期内，不能申报).');
  }
}

/** 一次性告知: every missing material named at once. */
function checkMaterials(required: string[], provided: Array<{ name: string }>): void {
  const names = new Set(provided.map((m) => m.name));
  const missing = required.filter((m) => !names.has(m));
  if (missing.length > 0) {
    throw new BadUserInputError(
      'input.materials',
      `missing required materials, all listed at once (一次性告知，缺少申报材料): ${missing.join('、')}`,
    );
  }
}

function checkAmount(item: ItemRow, requested: number | null): void {
  if (requested == null) return;
  if (item.maxAmount === null) {
    throw new BadUserInputError('input.amountRequested', 'this item grants no money (该事项不涉及资金兑现)');
  }
  if (requested > item.maxAmount) {
    throw new BadUserInputError(
      'input.amountRequested',
      `must not exceed the item's maximum of ${item.maxAmount} yuan (超过最高兑现金额)`,
    );
  }
}

/** The in-app message of a step to the enterprise's users, and an SMS to the application's contact when asked. */
function stepMessages(
  row: ApplicationRow,
  topic: string,
  round: number,
  o: { sms: boolean; rendered: ReturnType<typeof messages.render> },
): OutboundMessage[] {
  const data = { applicationId: row.id };
  const out: OutboundMessage[] = [
    {
      topic,
      idempotencyKey: `${topic}:inbox:${row.id}:${round}`,
      countyCode: row.countyCode,
      channel: 'inbox',
      to: { enterprise: row.enterpriseCode },
      ...o.rendered,
      data,
    },
  ];
  if (o.sms && row.contactPhone) {
    out.push({
      topic,
      idempotencyKey: `${topic}:sms:${row.id}:${round}`,
      countyCode: row.countyCode,
      channel: 'sms',
      phone: row.contactPhone,
      ...o.rendered,
      data,
    });
  }
  return out;
}

/** The step an overdue application is late in, for the department's message. */
export function stepLabel(status: RedemptionStatus): string {
  return STEP_LABEL[status] ?? status;
}

function duplicate(): ConflictError {
  return new ConflictError(
    'This enterprise already applied for this item under this project name (该项目已申报此事项).',
  );
}
