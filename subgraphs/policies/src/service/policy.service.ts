/**
 * Rules of policies (惠企政策, Art. 5): search and lookup in the caller's scope, and publishing with review (谁发布，谁审核):
 * draft → submitted for review → published, or sent back with a reason and revised (a new version, every version
 * kept) → withdrawn or expired. Each policy records the document's issue time, its 24-hour deadline, when it was
 * published and by how many minutes late.
 */
import type { Database } from '@qq/db/client';
import type { ItemSnapshot, PolicyStatus } from '@qq/db/schema/policies';
import { INDUSTRIES } from '@qq/db/reference';
import {
  assertUuid,
  BadUserInputError,
  CITY_CODE,
  ConflictError,
  coversUnit,
  eventValues,
  ForbiddenError,
  inTransaction,
  isDepartmentCode,
  NotFoundError,
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
import { MODULE_SCOPE } from '../access.ts';
import type { Loaders } from '../loaders.ts';
import { messages } from '../messages.ts';
import {
  policyCursor,
  rankedCursor,
  type ItemRow,
  type NewPolicy,
  type PolicyFilter,
  type PolicyRow,
  type PolicyStore,
  type RankedPolicyRow,
} from '../store/policies.store.ts';
import { amount, length } from './validation.ts';
import { policyWorkflow, type PolicyAction } from './workflows.ts';

/** Art. 5: a policy is published within 24 hours of the document's issue or receipt. */
export const PUBLISH_WITHIN_MS = 24 * 3600_000;
/** Clock skew tolerated on `issuedAt` before it counts as "in the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

export const SCALES = ['MICRO', 'SMALL', 'MEDIUM', 'LARGE'] as const;

const industry = z.string().refine((c) => INDUSTRIES[c] !== undefined, 'must be a GB/T 4754 section letter A–T');
const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' })
  .transform((s) => new Date(s));
const sortedSet = <T extends z.ZodType<string>>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .nullish()
    .transform((list) => [...new Set(list ?? [])].sort());

const itemInput = z.object({
  name: length(2, 100, '事项名称'),
  guide: length(1, 20_000, '办事指南'),
  requiredMaterials: z
    .array(length(1, 100, '材料名称'))
    .max(30, 'at most 30 materials')
    .refine((list) => new Set(list).size === list.length, 'material names must be distinct (材料名称重复)'),
  timeLimitDays: z.number().int('must be a whole number of working days').min(1).max(60),
  receiveDays: z.number().int().min(1).max(20).nullish(),
  acceptDays: z.number().int().min(1).max(20).nullish(),
  disclosureDays: z.number().int().min(1).max(60).nullish(),
  maxAmount: amount.nullish(),
});

const contentFields = {
  title: length(4, 200, '标题'),
  documentNumber: length(2, 64, '文号'),
  summary: length(1, 2000, '摘要'),
  body: length(1, 100_000, '正文'),
  industries: sortedSet(industry, 20),
  scales: sortedSet(z.enum(SCALES), 4),
  tags: sortedSet(length(1, 20, '标签'), 20),
  validFrom: instant.nullish(),
  validUntil: instant.nullish(),
  redemptionItems: z.array(itemInput).max(20, 'at most 20 items').nullish(),
};

const validityOrder = (v: { validFrom?: Date | null; validUntil?: Date | null }) =>
  !v.validFrom || !v.validUntil || v.validFrom < v.validUntil;
const validityMessage = { message: 'must be later than validFrom (有效期截止应晚于起始)', path: ['validUntil'] };

const draftInput = z
  .object({
    ...contentFields,
    issuedAt: instant.refine(
      (d) => d.getTime() <= Date.now() + CLOCK_SKEW_MS,
      'must not be in the future (印发时间不能晚于当前时间)',
    ),
  })
  .refine(validityOrder, validityMessage);

const reviseInput = z
  .object({ ...contentFields, note: length(1, 500, '修订说明').nullish() })
  .refine(validityOrder, validityMessage);
const reasonInput = z.object({ reason: length(2, 500, '原因') });
const optionalReasonInput = z.object({ reason: length(2, 500, '原因').nullish() });

export type DraftInput = z.input<typeof draftInput>;
type Content = z.output<typeof reviseInput>;

/** An enterprise's particulars as the registry (platform) provides them through `@requires`. */
export interface EnterpriseProfile {
  creditCode: string;
  industry?: { code?: string | null } | null;
  scale?: string | null;
  county?: { code?: string | null } | null;
}

/** Why a policy does not fit an enterprise. */
export type Mismatch = 'INDUSTRY' | 'SCALE' | 'COUNTY';

/** Whether a policy's targeting (industries, sizes, unit) covers an enterprise, and what does not fit. */
export function fitOf(policy: PolicyRow, e: EnterpriseProfile): { fits: boolean; mismatches: Mismatch[] } {
  const mismatches: Mismatch[] = [];
  const industryCode = e.industry?.code ?? null;
  if (policy.industries.length > 0 && (!industryCode || !policy.industries.includes(industryCode))) {
    mismatches.push('INDUSTRY');
  }
  if (policy.scales.length > 0 && (!e.scale || !policy.scales.includes(e.scale))) mismatches.push('SCALE');
  if (policy.countyCode !== CITY_CODE && e.county?.code !== policy.countyCode) mismatches.push('COUNTY');
  return { fits: mismatches.length === 0, mismatches };
}

export interface PolicyServiceDeps {
  principal: Principal;
  db: Database;
  store: PolicyStore;
  loaders: Loaders;
  now: Date;
}

export interface PolicyFilterArgs extends Omit<PolicyFilter, 'validAt'> {
  validOn?: string | null;
}

export class PolicyService {
  private readonly principal: Principal;
  constructor(private readonly deps: PolicyServiceDeps) {
    this.principal = deps.principal;
  }

  /** Policies visible to the caller (published ones to everybody); ranked by relevance when a keyword is given. */
  async list(args: PageArgs & { filter?: PolicyFilterArgs | null }): Promise<Connection<PolicyRow>> {
    const filter = normalizeFilter(args.filter ?? {});
    const { store, loaders } = this.deps;
    if (filter.keyword) {
      const keyword = filter.keyword;
      const page = readPage(args, 3);
      const { rows, total } = await store.search(keyword, filter, page);
      for (const row of rows) loaders.policy.prime(row.id, row);
      return toConnection<RankedPolicyRow>(rows, page.limit, rankedCursor, () =>
        total === null ? store.countSearch(keyword, filter) : Promise.resolve(total),
      ) as Connection<PolicyRow>;
    }
    const page = readPage(args, 2);
    const rows = await store.list(filter, page);
    for (const row of rows) loaders.policy.prime(row.id, row);
    return toConnection(rows, page.limit, policyCursor, () => store.count(filter));
  }

  /**
   * 找政策 for one enterprise: the same search, each policy with whether the enterprise fits its targeting. The
   * enterprise's industry, size and unit arrive from the registry with the entity (`@requires`). Published, valid
   * policies only.
   */
  async matchesFor(
    profile: EnterpriseProfile,
    args: PageArgs & { filter?: PolicyFilterArgs | null },
  ): Promise<Connection<{ policy: PolicyRow; fits: boolean; mismatches: Mismatch[] }>> {
    const now = this.deps.now;
    const filter = { ...(args.filter ?? {}), status: 'PUBLISHED' as const };
    const connection = await this.list({
      ...args,
      filter: { ...filter, validOn: filter.validOn ?? now.toISOString() },
    });
    const wrap = (policy: PolicyRow) => ({ policy, ...fitOf(policy, profile) });
    return {
      ...connection,
      edges: connection.edges.map((e) => ({ cursor: e.cursor, node: wrap(e.node) })),
      nodes: connection.nodes.map(wrap),
    };
  }

  /** A policy the caller may see, else null. */
  async byId(id: string): Promise<PolicyRow | null> {
    assertUuid(id, 'id');
    return this.deps.loaders.policy.load(id);
  }

  /** A redemption item whose policy the caller may see, else null. */
  async itemById(id: string): Promise<ItemRow | null> {
    assertUuid(id, 'id');
    return this.deps.loaders.visibleItem.load(id);
  }

  /** Published policies of a department (public). */
  async publishedOfDepartment(code: string, args: PageArgs): Promise<Connection<PolicyRow>> {
    const page = readPage({ first: args.first }, 2);
    return this.deps.loaders.publishedPoliciesByDepartment(page.limit).load(code);
  }

  /** Unpublished policies of the caller's scope past their 24-hour deadline (the department's overdue list). */
  async lateDrafts(args: PageArgs): Promise<Connection<PolicyRow>> {
    const p = this.principal;
    if (!['staff', 'admin', 'analyst'].includes(p.role)) throw new ForbiddenError();
    const page = readPage(args, 2);
    const { store, now } = this.deps;
    const rows = await store.listLateDrafts(now, page);
    return toConnection(
      rows,
      page.limit,
      (r) => [r.publishDeadlineAt, r.id],
      () => store.countLateDrafts(now),
    );
  }

  /** Actions the caller may take on the policy now. */
  availableActions(row: PolicyRow): PolicyAction[] {
    return policyWorkflow.available(row.status, this.principal, row);
  }

  /** Whether the caller may read the policy's history (events and authorship): staff in scope, analysts, admins. */
  mayReadHistory(row: PolicyRow): boolean {
    const p = this.principal;
    return p.role === 'analyst' || coversUnit(p, row.departmentCode, row.countyCode, MODULE_SCOPE);
  }

  /**
   * Drafts a policy for the caller's department in the caller's county, with its redemption items, in one transaction
   * with its first version and its first event. The deadline is 24 hours after issue.
   */
  async createDraft(raw: unknown): Promise<PolicyRow> {
    const p = this.principal;
    if (p.role !== 'staff' || !p.dept || !p.county || !p.sub) {
      throw new ForbiddenError('Only department staff can draft policies (仅部门工作人员可起草政策).');
    }
    const status: PolicyStatus = policyWorkflow.next(null, 'CREATE', p);
    const input = parseInput(draftInput, raw);
    const { dept, county, sub } = p;
    const at = new Date(this.deps.now.getTime());
    const policy = await inTransaction(this.deps.db, async (tx) => {
      const store = this.deps.store.withTx(tx);
      const policy = await store.insertPolicy({
        ...contentValues(input),
        status,
        version: 1,
        issuedAt: input.issuedAt,
        publishDeadlineAt: new Date(input.issuedAt.getTime() + PUBLISH_WITHIN_MS),
        createdBy: sub,
        departmentCode: dept,
        countyCode: county,
        createdAt: at,
        updatedAt: at,
      });
      await store.insertItems(itemValues(policy, input));
      await store.insertVersion(versionValues(policy, input, 1, sub, null, at));
      await store.insertEvent({
        ...eventValues(p, {
          subjectId: policy.id,
          action: 'CREATE',
          fromStatus: null,
          toStatus: status,
          data: { version: 1, items: input.redemptionItems?.length ?? 0 },
        }),
        at,
      });
      return policy;
    });
    this.deps.loaders.policy.prime(policy.id, policy);
    return policy;
  }

  /** 修订: a new text of a draft (after it was sent back, or before submitting): a new version, the old one kept. */
  async revise(id: string, raw: unknown): Promise<PolicyRow> {
    return this.transition(id, 'REVISE', raw, reviseInput, (row, input, at, store) => ({
      values: { ...contentValues(input), version: row.version + 1 },
      note: input.note ?? null,
      data: { version: row.version + 1 },
      after: async (updated) => {
        await store.deleteItemsOfDraft(id);
        await store.insertItems(itemValues(updated, input));
        await store.insertVersion(versionValues(updated, input, updated.version, this.principal.sub!, input.note, at));
      },
    }));
  }

  /** 送审: the author's department submits a draft for review; the department's reviewers are told. */
  async submitForReview(id: string): Promise<PolicyRow> {
    return this.transition(id, 'SUBMIT', {}, z.object({}), (row, _input, at, store) => ({
      values: { submittedAt: at },
      data: { version: row.version },
      after: async () => {
        await store.enqueue([
          {
            topic: 'policy.submitted',
            idempotencyKey: `policy.submitted:inbox:${id}:${row.version}`,
            countyCode: row.countyCode,
            channel: 'inbox',
            to: { dept: row.departmentCode, county: row.countyCode },
            ...messages.render('policy.submitted', { title: row.title }),
            data: { policyId: id },
          },
        ]);
      },
    }));
  }

  /** 审核发布: a second person of the department publishes it, recording whether it met the 24-hour deadline. */
  async publish(id: string): Promise<PolicyRow> {
    return this.transition(id, 'PUBLISH', {}, z.object({}), (row, _input, at) => {
      if (row.validUntil && row.validUntil <= at) {
        throw new ConflictError('The validity of this policy has already ended (有效期已届满，不能发布).');
      }
      const lateMinutes = Math.max(0, Math.ceil((at.getTime() - row.publishDeadlineAt.getTime()) / 60_000));
      return {
        values: { publishedAt: at, lateMinutes, reviewedBy: this.principal.sub!, sendBackReason: null },
        data: { version: row.version, lateMinutes },
      };
    });
  }

  /** 退回修改: the reviewer sends the draft back to its author with a reason. */
  async reject(id: string, raw: unknown): Promise<PolicyRow> {
    return this.transition(id, 'REJECT', raw, reasonInput, (row, input) => ({
      values: { sendBackReason: input.reason },
      note: input.reason,
      data: { version: row.version },
      after: async (_updated, store) => {
        await store.enqueue([
          {
            topic: 'policy.rejected',
            idempotencyKey: `policy.rejected:inbox:${id}:${row.version}`,
            countyCode: row.countyCode,
            channel: 'inbox',
            to: { user: row.createdBy },
            ...messages.render('policy.rejected', { title: row.title, reason: input.reason }),
            data: { policyId: id },
          },
        ]);
      },
    }));
  }

  /** 撤回: a reviewer withdraws a published policy; its items take no new applications. */
  async withdraw(id: string, raw: unknown): Promise<PolicyRow> {
    return this.transition(id, 'WITHDRAW', raw, reasonInput, (_row, input, at) => ({
      values: { withdrawnAt: at, withdrawReason: input.reason },
      note: input.reason,
    }));
  }

  /** 失效: a reviewer ends a published policy's validity now (the scheduled job does it on the validity date). */
  async expire(id: string, raw: unknown): Promise<PolicyRow> {
    return this.transition(id, 'EXPIRE', raw ?? {}, optionalReasonInput, (row, input, at) => ({
      values: { expiredAt: at, validUntil: row.validUntil && row.validUntil < at ? row.validUntil : at },
      note: input.reason ?? null,
    }));
  }

  /**
   * One step of the publishing workflow: the policy is looked up through the caller's read scope (NOT_FOUND), the
   * table decides (CONFLICT, FORBIDDEN), the input is checked, and the change, its event and its messages are written
   * in one transaction, only if the policy is still in the state it was read in.
   */
  private async transition<S extends z.ZodType>(
    id: string,
    action: PolicyAction,
    raw: unknown,
    schema: S,
    plan: (
      row: PolicyRow,
      input: z.output<S>,
      at: Date,
      store: PolicyStore,
    ) => {
      values: Partial<NewPolicy>;
      note?: string | null;
      data?: Record<string, unknown>;
      after?: (updated: PolicyRow, store: PolicyStore) => Promise<void>;
    },
  ): Promise<PolicyRow> {
    const p = this.principal;
    if (p.role !== 'staff' || !p.sub) throw new ForbiddenError();
    assertUuid(id, 'id');
    const { loaders, db } = this.deps;
    const row = await loaders.policy.load(id);
    if (!row) throw new NotFoundError('Policy', id);
    const to = policyWorkflow.next(row.status, action, p, row);
    const input = parseInput(schema, raw);
    const at = new Date(this.deps.now.getTime());
    const updated = await inTransaction(db, async (tx) => {
      const store = this.deps.store.withTx(tx);
      const step = plan(row, input, at, store);
      const changed = await store.updateInState(id, row.status, { ...step.values, status: to });
      if (!changed) throw new ConflictError(`policy: "${action}" is not possible, the policy changed meanwhile.`);
      await store.insertEvent({
        ...eventValues(p, {
          subjectId: id,
          action,
          fromStatus: row.status,
          toStatus: to,
          note: step.note ?? null,
          data: step.data ?? null,
        }),
        at,
      });
      await step.after?.(changed, store);
      return changed;
    });
    loaders.policy.clear(id).prime(id, updated);
    return updated;
  }
}

function contentValues(input: Content) {
  return {
    title: input.title,
    documentNumber: input.documentNumber,
    summary: input.summary,
    body: input.body,
    industries: input.industries,
    scales: input.scales,
    tags: input.tags,
    validFrom: input.validFrom ?? null,
    validUntil: input.validUntil ?? null,
  };
}

function itemSnapshots(input: Content): ItemSnapshot[] {
  return (input.redemptionItems ?? []).map((i) => ({
    name: i.name,
    guide: i.guide,
    requiredMaterials: i.requiredMaterials,
    timeLimitDays: i.timeLimitDays,
    maxAmount: i.maxAmount ?? null,
  }));
}

function itemValues(policy: PolicyRow, input: Content) {
  return (input.redemptionItems ?? []).map((item, i) => ({
    policyId: policy.id,
    name: item.name,
    guide: item.guide,
    requiredMaterials: item.requiredMaterials,
    timeLimitDays: item.timeLimitDays,
    receiveDays: item.receiveDays ?? 1,
    acceptDays: item.acceptDays ?? 3,
    disclosureDays: item.disclosureDays ?? 7,
    maxAmount: item.maxAmount ?? null,
    sortOrder: i,
    departmentCode: policy.departmentCode,
    countyCode: policy.countyCode,
  }));
}

function versionValues(
  policy: PolicyRow,
  input: Content,
  version: number,
  by: string,
  note: string | null | undefined,
  at: Date,
) {
  return {
    policyId: policy.id,
    version,
    ...contentValues(input),
    items: itemSnapshots(input),
    note: note ?? null,
    createdBy: by,
    createdAt: at,
  };
}

function normalizeFilter(filter: PolicyFilterArgs): PolicyFilter {
  const keyword = readKeyword(filter.keyword, 'filter.keyword');
  if (filter.departmentCode && !isDepartmentCode(filter.departmentCode)) {
    throw new BadUserInputError('filter.departmentCode', 'unknown department code');
  }
  // An empty code means no filter: the store ignores it.
  readCountyFilter(filter.countyCode || null, 'filter.countyCode');
  if (filter.industry && INDUSTRIES[filter.industry] === undefined) {
    throw new BadUserInputError('filter.industry', 'must be a GB/T 4754 section letter A–T');
  }
  let validAt: Date | null = null;
  if (filter.validOn) {
    const parsed = /^\d{4}-\d{2}-\d{2}$/.test(filter.validOn)
      ? new Date(`${filter.validOn}T12:00:00+08:00`)
      : new Date(filter.validOn);
    if (Number.isNaN(parsed.getTime())) {
      throw new BadUserInputError('filter.validOn', 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time');
    }
    validAt = parsed;
  }
  const { validOn: _validOn, ...rest } = filter;
  return { ...rest, keyword, validAt };
}
