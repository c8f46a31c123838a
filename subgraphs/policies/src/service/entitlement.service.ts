/**
 * 免申即享 entitlements after a matching run found them: the enterprise confirms in one step — the redemption
 * application is created directly at 受理 (no materials), and the rest of the redemption workflow follows — or
 * declines. Staff of the item's department and county follow them; 万人助万企办 runs the matching on demand.
 */
import type { Database } from '@qq/db/client';
import type { EntitlementStatus } from '@qq/db/schema/policies';
import {
  assertUuid,
  CITY_CODE,
  ConflictError,
  defineWorkflow,
  eventValues,
  ForbiddenError,
  inTransaction,
  NotFoundError,
  parseInput,
  readPage,
  toConnection,
  type Connection,
  type PageArgs,
  type Principal,
  type Tx,
} from '@qq/kit';
import { z } from 'zod';
import type { ExemptionLoaders } from '../exemptionLoaders.ts';
import {
  entitlementCursor,
  type EntitlementFilter,
  type EntitlementRow,
  type EntitlementStore,
  type MatchingRunRow,
} from '../store/entitlements.store.ts';
import type { PolicyStore } from '../store/policies.store.ts';
import { runMatching } from './matching.ts';
import type { RedemptionService } from './redemption.service.ts';
import { creditCode, length, uuid } from './validation.ts';

export const ENTITLEMENT_ACTIONS = ['ENTITLE', 'CONFIRM', 'DECLINE'] as const;
export type EntitlementAction = (typeof ENTITLEMENT_ACTIONS)[number];

/** What the entitlement rules look at. */
export interface EntitlementSubject {
  enterpriseCode: string;
}

/** The enterprise itself. */
function beneficiary(p: Principal, row: EntitlementSubject | undefined): boolean {
  return p.role === 'enterprise' && !!p.enterprise && !!row && row.enterpriseCode === p.enterprise;
}

/** The matching run (万人助万企办's system) creates entitlements. */
function matcher(p: Principal): boolean {
  return p.role === 'system' && p.dept === 'wrzwq';
}

export const entitlementWorkflow = defineWorkflow<EntitlementStatus, EntitlementAction, EntitlementSubject>(
  'entitlement',
  [
    { from: null, action: 'ENTITLE', to: 'ENTITLED', allowed: matcher },
    { from: ['ENTITLED'], action: 'CONFIRM', to: 'CONFIRMED', allowed: beneficiary },
    { from: ['ENTITLED'], action: 'DECLINE', to: 'DECLINED', allowed: beneficiary },
  ],
);

const phone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mobile number (手机号码格式错误)');
const confirmInput = z.object({ contactName: length(1, 50, '联系人').nullish(), contactPhone: phone.nullish() });
const declineInput = z.object({ reason: length(2, 500, '放弃原因').nullish() });
const filterInput = z.object({
  status: z.enum(['ENTITLED', 'CONFIRMED', 'DECLINED']).nullish(),
  enterpriseCode: creditCode.nullish(),
  itemId: uuid.nullish(),
});

export interface EntitlementServiceDeps {
  principal: Principal;
  db: Database;
  store: EntitlementStore;
  policies: PolicyStore;
  redemption: RedemptionService;
  rules: ExemptionLoaders;
  now: Date;
}

export class EntitlementService {
  private readonly principal: Principal;
  constructor(private readonly deps: EntitlementServiceDeps) {
    this.principal = deps.principal;
  }

  /** Entitlements the caller may see, newest first. */
  async list(args: PageArgs & { filter?: unknown }): Promise<Connection<EntitlementRow>> {
    const page = readPage(args, 2);
    const filter: EntitlementFilter = parseInput(filterInput, args.filter ?? {}, 'filter');
    const { store, rules } = this.deps;
    const rows = await store.list(filter, page);
    for (const row of rows) rules.entitlement.prime(row.id, row);
    return toConnection(rows, page.limit, entitlementCursor, () => store.count(filter));
  }

  /** An entitlement the caller may see, else null. */
  async byId(id: string): Promise<EntitlementRow | null> {
    assertUuid(id, 'id');
    return this.deps.rules.entitlement.load(id);
  }

  availableActions(row: EntitlementRow): EntitlementAction[] {
    return entitlementWorkflow.available(row.status, this.principal, row);
  }

  /**
   * 确认: the enterprise accepts; its redemption application is created at 受理 with no materials (免申即享), the
   * 办结 clock starting now, in the same transaction as the entitlement's change and event. The item's policy must
   * still take applications (CONFLICT otherwise).
   */
  async confirm(id: string, raw: unknown): Promise<EntitlementRow> {
    const input = parseInput(confirmInput, raw ?? {});
    return this.step(id, 'CONFIRM', null, async (tx, row, at) => {
      const item = await this.deps.policies.withTx(tx).lockItemForApplication(row.itemId);
      const open =
        !!item &&
        item.policyStatus === 'PUBLISHED' &&
        !(item.policyValidFrom && item.policyValidFrom > at) &&
        !(item.policyValidUntil && item.policyValidUntil <= at);
      if (!open) {
        throw new ConflictError('The policy of this item takes no applications now (政策已失效或不在有效期内).', {
          status: item?.policyStatus ?? 'WITHDRAWN',
        });
      }
      const application = await this.deps.redemption.openInTransaction(tx as unknown as Tx, {
        item: item!,
        enterpriseCode: row.enterpriseCode,
        projectName: `${item.name}（免申即享）`,
        amountRequested: null,
        materials: [],
        contactName: input.contactName ?? null,
        contactPhone: input.contactPhone ?? null,
        startAt: 'ACCEPTED',
        origin: 'ENTITLEMENT',
        data: { entitlementId: row.id, ruleId: row.ruleId, ruleVersion: row.ruleVersion },
        at,
      });
      return { values: { confirmedAt: at, applicationId: application.id }, data: { applicationId: application.id } };
    });
  }

  /** 放弃: the enterprise declines (a reason is optional); nothing else follows. */
  async decline(id: string, raw: unknown): Promise<EntitlementRow> {
    const input = parseInput(declineInput, raw ?? {});
    return this.step(id, 'DECLINE', input.reason ?? null, async (_tx, _row, at) => ({
      values: { declinedAt: at, declineReason: input.reason ?? null },
    }));
  }

  /**
   * 免申即享比对 on demand: staff of 万人助万企办 match every rule in effect against the enterprises of their unit
   * (410400: all).
   */
  async runMatching(): Promise<MatchingRunRow> {
    const p = this.principal;
    if (p.role !== 'staff' || p.dept !== 'wrzwq') {
      throw new ForbiddenError('Only 万人助万企办 staff may run the matching (仅万人助万企办可发起比对).');
    }
    const { run } = await runMatching(this.deps.db, {
      now: this.deps.now,
      trigger: 'DEMAND',
      requestedBy: p.sub,
      countyCode: p.county ?? CITY_CODE,
    });
    return run;
  }

  private async step(
    id: string,
    action: EntitlementAction,
    note: string | null,
    plan: (
      tx: Database,
      row: EntitlementRow,
      at: Date,
    ) => Promise<{ values: Partial<EntitlementRow>; data?: Record<string, unknown> }>,
  ): Promise<EntitlementRow> {
    assertUuid(id, 'id');
    const { rules, db } = this.deps;
    const row = await rules.entitlement.load(id);
    if (!row) throw new NotFoundError('Entitlement', id);
    const to = entitlementWorkflow.next(row.status, action, this.principal, row);
    const at = new Date(this.deps.now.getTime());
    const updated = await inTransaction(db, async (tx) => {
      const t = tx as unknown as Database;
      const store = this.deps.store.withTx(t);
      const s = await plan(t, row, at);
      const changed = await store.updateInState(id, row.status, { ...s.values, status: to });
      if (!changed) throw new ConflictError(`entitlement: "${action}" is not possible, it changed meanwhile.`);
      await store.insertEvent({
        ...eventValues(this.principal, {
          subjectId: id,
          action,
          fromStatus: row.status,
          toStatus: to,
          note,
          data: s.data,
        }),
        at,
      });
      return changed;
    });
    rules.entitlement.clear(id).prime(id, updated);
    return updated;
  }
}
