/** Rules of policies (惠企政策, Art. 5): listing and lookup in the caller's scope, and drafting with the 24-hour clock. */
import type { Database } from '@qq/db/client';
import type { PolicyStatus } from '@qq/db/schema/policies';
import { INDUSTRIES } from '@qq/db/reference';
import {
  assertUuid,
  BadUserInputError,
  eventValues,
  ForbiddenError,
  inTransaction,
  isDepartmentCode,
  parseInput,
  readCountyFilter,
  readKeyword,
  readPage,
  toConnection,
  type Connection,
  type PageArgs,
  type Principal,
} from '@qq/kit';
import { z } from 'zod';
import type { Loaders } from '../loaders.ts';
import {
  policyCursor,
  type ItemRow,
  type PolicyFilter,
  type PolicyRow,
  type PolicyStore,
} from '../store/policies.store.ts';
import { amount, length } from './validation.ts';
import { policyWorkflow } from './workflows.ts';

/** Art. 5: a policy is published within 24 hours of the document's issue or receipt. */
export const PUBLISH_WITHIN_MS = 24 * 3600_000;
/** Clock skew tolerated on `issuedAt` before it counts as "in the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

const industry = z.string().refine((c) => INDUSTRIES[c] !== undefined, 'must be a GB/T 4754 section letter A–T');

const itemInput = z.object({
  name: length(2, 100, '事项名称'),
  guide: length(1, 20_000, '办事指南'),
  requiredMaterials: z
    .array(length(1, 100, '材料名称'))
    .max(30, 'at most 30 materials')
    .refine((list) => new Set(list).size === list.length, 'material names must be distinct (材料名称重复)'),
  timeLimitDays: z.number().int('must be a whole number of working days').min(1).max(60),
  maxAmount: amount.nullish(),
});

const draftInput = z.object({
  title: length(4, 200, '标题'),
  documentNumber: length(2, 64, '文号'),
  summary: length(1, 2000, '摘要'),
  body: length(1, 100_000, '正文'),
  industries: z
    .array(industry)
    .max(20)
    .nullish()
    .transform((list) => [...new Set(list ?? [])].sort()),
  issuedAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' })
    .transform((s) => new Date(s))
    .refine((d) => d.getTime() <= Date.now() + CLOCK_SKEW_MS, 'must not be in the future (印发时间不能晚于当前时间)'),
  redemptionItems: z.array(itemInput).max(20, 'at most 20 items').nullish(),
});

export type DraftInput = z.input<typeof draftInput>;

export class PolicyService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: PolicyStore,
    private readonly loaders: Loaders,
  ) {}

  /** Policies visible to the caller (published ones to everybody). */
  async list(args: PageArgs & { filter?: PolicyFilter | null }): Promise<Connection<PolicyRow>> {
    const page = readPage(args, 2);
    const filter = normalizeFilter(args.filter ?? {});
    const rows = await this.store.list(filter, page);
    for (const row of rows) this.loaders.policy.prime(row.id, row);
    return toConnection(rows, page.limit, policyCursor, () => this.store.count(filter));
  }

  /** A policy the caller may see, else null. */
  async byId(id: string): Promise<PolicyRow | null> {
    assertUuid(id, 'id');
    return this.loaders.policy.load(id);
  }

  /** A redemption item whose policy the caller may see, else null. */
  async itemById(id: string): Promise<ItemRow | null> {
    assertUuid(id, 'id');
    return this.loaders.visibleItem.load(id);
  }

  /** Published policies of a department (public). */
  async publishedOfDepartment(code: string, args: PageArgs): Promise<Connection<PolicyRow>> {
    const page = readPage({ first: args.first }, 2);
    return this.loaders.publishedPoliciesByDepartment(page.limit).load(code);
  }

  /**
   * Drafts a policy for the caller's department in the caller's county, with its redemption items, in one transaction
   * with its first event. The deadline is 24 hours after issue.
   */
  async createDraft(raw: unknown): Promise<PolicyRow> {
    const p = this.principal;
    if (p.role !== 'staff' || !p.dept || !p.county || !p.sub) {
      throw new ForbiddenError('Only department staff can draft policies (仅部门工作人员可起草政策).');
    }
    const status: PolicyStatus = policyWorkflow.next(null, 'DRAFT', p);
    const input = parseInput(draftInput, raw);
    const { dept, county, sub } = p;
    return inTransaction(this.db, async (tx) => {
      const store = this.store.withTx(tx);
      const policy = await store.insertPolicy({
        title: input.title,
        documentNumber: input.documentNumber,
        summary: input.summary,
        body: input.body,
        industries: input.industries,
        status,
        version: 1,
        issuedAt: input.issuedAt,
        publishDeadlineAt: new Date(input.issuedAt.getTime() + PUBLISH_WITHIN_MS),
        createdBy: sub,
        departmentCode: dept,
        countyCode: county,
      });
      await store.insertItems(
        (input.redemptionItems ?? []).map((item, i) => ({
          policyId: policy.id,
          name: item.name,
          guide: item.guide,
          requiredMaterials: item.requiredMaterials,
          timeLimitDays: item.timeLimitDays,
          maxAmount: item.maxAmount ?? null,
          sortOrder: i,
          departmentCode: dept,
          countyCode: county,
        })),
      );
      await store.insertEvent(
        eventValues(p, {
          subjectId: policy.id,
          action: 'DRAFT',
          fromStatus: null,
          toStatus: status,
          data: { version: 1, items: input.redemptionItems?.length ?? 0 },
        }),
      );
      return policy;
    });
  }
}

function normalizeFilter(filter: PolicyFilter): PolicyFilter {
  const keyword = readKeyword(filter.keyword, 'filter.keyword');
  if (filter.departmentCode && !isDepartmentCode(filter.departmentCode)) {
    throw new BadUserInputError('filter.departmentCode', 'unknown department code');
  }
  // An empty code means no filter: the store ignores it.
  readCountyFilter(filter.countyCode || null, 'filter.countyCode');
  if (filter.industry && INDUSTRIES[filter.industry] === undefined) {
    throw new BadUserInputError('filter.industry', 'must be a GB/T 4754 section letter A–T');
  }
  return { ...filter, keyword };
}
