/**
 * Rules of policy redemption (政策兑现, Art. 6): reading applications in the caller's scope, the public disclosure
 * lookup, and applying (申报) with the materials the guide lists.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@qq/db/client';
import type { RedemptionStatus } from '@qq/db/schema/policies';
import {
  assertUuid,
  BadUserInputError,
  chinaDay,
  ConflictError,
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
  type PageArgs,
  type Principal,
} from '@qq/kit';
import { z } from 'zod';
import type { Loaders } from '../loaders.ts';
import {
  applicationCursor,
  disclosureCursor,
  type ApplicationFilter,
  type ApplicationRow,
  type ApplicationStore,
} from '../store/applications.store.ts';
import type { PolicyStore } from '../store/policies.store.ts';
import { amount, creditCode, length, uuid } from './validation.ts';
import { redemptionWorkflow } from './workflows.ts';

export const SUBMITTED_TOPIC = 'sms.redemption.submitted';

const applyInput = z.object({
  itemId: uuid,
  projectName: length(2, 100, '项目名称'),
  amountRequested: amount.nullish(),
  materials: z
    .array(
      z.object({
        name: length(1, 100, '材料名称'),
        fileId: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9_\-.:/]{0,127}$/, 'must be the id of an uploaded file (文件编号格式错误)'),
      }),
    )
    .max(50, 'at most 50 materials')
    .refine((list) => new Set(list.map((m) => m.name)).size === list.length, 'material names must be distinct'),
  contactName: length(1, 50, '联系人').nullish(),
  contactPhone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mobile number (手机号码格式错误)')
    .nullish(),
});

export type ApplyInput = z.input<typeof applyInput>;

export class RedemptionService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: ApplicationStore,
    private readonly policies: PolicyStore,
    private readonly loaders: Loaders,
  ) {}

  /** Applications the caller may see. */
  async list(args: PageArgs & { filter?: ApplicationFilter | null }): Promise<Connection<ApplicationRow>> {
    const page = readPage(args, 2);
    const filter = args.filter ?? {};
    if (filter.itemId) assertUuid(filter.itemId, 'filter.itemId', 'must be a UUID');
    // An empty code means no filter: the store ignores it.
    readCountyFilter(filter.countyCode || null, 'filter.countyCode');
    if (filter.enterpriseCode) parseInput(creditCode, filter.enterpriseCode, 'filter.enterpriseCode');
    const rows = await this.store.list(filter, page);
    for (const row of rows) this.loaders.application.prime(row.id, row);
    return toConnection(rows, page.limit, applicationCursor, () => this.store.count(filter));
  }

  /** An application the caller may see, else null. */
  async byId(id: string): Promise<ApplicationRow | null> {
    assertUuid(id, 'id');
    return this.loaders.application.load(id);
  }

  /** The applications of an enterprise that the caller may see (one statement for every enterprise of the request). */
  async ofEnterprise(creditCode: string, args: PageArgs): Promise<Connection<ApplicationRow>> {
    const page = readPage({ first: args.first }, 2);
    return this.loaders.applicationsByEnterprise(page.limit).load(creditCode);
  }

  /** Public disclosure lookup by project name (Art. 6): disclosed applications only. */
  async disclosures(args: PageArgs & { projectName: string }): Promise<Connection<ApplicationRow>> {
    const page = readPage(args, 2);
    const name = args.projectName.trim();
    if ([...name].length < 2 || [...name].length > 100) {
      throw new BadUserInputError('projectName', 'must be 2–100 characters (项目名称至少两个字)');
    }
    const rows = await this.store.listDisclosures(name, page);
    return toConnection(rows, page.limit, disclosureCursor, () => this.store.countDisclosures(name));
  }

  /**
   * 申报: an enterprise user applies for its own enterprise. The application, its first step and the SMS to the
   * applicant are written in one transaction; the item's policy is share-locked meanwhile so it cannot be withdrawn
   * half-way.
   */
  async apply(raw: unknown): Promise<ApplicationRow> {
    const p = this.principal;
    if (p.role !== 'enterprise' || !p.enterprise) {
      throw new ForbiddenError('Only an enterprise user can apply, for its own enterprise (仅企业用户可为本企业申报).');
    }
    const status: RedemptionStatus = redemptionWorkflow.next(null, 'SUBMIT', p);
    const input = parseInput(applyInput, raw);
    const enterpriseCode = p.enterprise;
    try {
      return await inTransaction(this.db, async (tx) => {
        const store = this.store.withTx(tx);
        const item = await this.policies.withTx(tx).lockItemForApplication(input.itemId);
        if (!item) throw new NotFoundError('RedemptionItem', input.itemId);
        if (item.policyStatus !== 'PUBLISHED') {
          throw new ConflictError('The policy of this item is not published: no applications (政策未发布，不能申报).', {
            policyStatus: item.policyStatus,
          });
        }
        const provided = new Set(input.materials.map((m) => m.name));
        const missing = item.requiredMaterials.filter((m) => !provided.has(m));
        if (missing.length > 0) {
          throw new BadUserInputError(
            'input.materials',
            `missing required materials (缺少申报材料): ${missing.join('、')}`,
          );
        }
        if (input.amountRequested != null) {
          if (item.maxAmount === null) {
            throw new BadUserInputError('input.amountRequested', 'this item grants no money (该事项不涉及资金兑现)');
          }
          if (input.amountRequested > item.maxAmount) {
            throw new BadUserInputError(
              'input.amountRequested',
              `must not exceed the item's maximum of ${item.maxAmount} yuan (超过最高兑现金额)`,
            );
          }
        }
        if (await store.existsForProject(item.id, enterpriseCode, input.projectName)) {
          throw duplicate();
        }
        const id = randomUUID();
        const now = new Date();
        const application = await store.insert({
          id,
          itemId: item.id,
          projectName: input.projectName,
          enterpriseCode,
          status,
          amountRequested: input.amountRequested ?? null,
          materials: input.materials,
          contactName: input.contactName ?? null,
          contactPhone: input.contactPhone ?? null,
          submittedAt: now,
          dueAt: workingDeadline(now, item.timeLimitDays),
          departmentCode: item.departmentCode,
          countyCode: item.countyCode,
        });
        await store.insertEvent(
          eventValues(p, {
            subjectId: id,
            action: 'SUBMIT',
            fromStatus: null,
            toStatus: status,
            data: { materials: input.materials.length, amountRequested: input.amountRequested ?? null },
          }),
        );
        await store.insertOutbox({
          topic: SUBMITTED_TOPIC,
          idempotencyKey: `${SUBMITTED_TOPIC}:${id}`,
          payload: {
            applicationId: id,
            enterpriseCode,
            // Without a contact phone the dispatcher sends to the registry's contact phone of the enterprise.
            phone: input.contactPhone ?? null,
            template: 'REDEMPTION_SUBMITTED',
            params: {
              projectName: input.projectName,
              itemName: item.name,
              dueDate: chinaDay(application.dueAt),
            },
          },
        });
        return application;
      });
    } catch (error) {
      // Two concurrent submissions of the same project: the unique index decides, the loser gets CONFLICT.
      if (isUniqueViolation(error)) throw duplicate();
      throw error;
    }
  }
}

function duplicate(): ConflictError {
  return new ConflictError(
    'This enterprise already applied for this item under this project name (该项目已申报此事项).',
  );
}
