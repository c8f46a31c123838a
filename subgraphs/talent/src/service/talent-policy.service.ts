/**
 * Rules of talent policies (人才政策, Art. 8): public reads of published policies with filters and pages, scoped reads
 * of the others, and 人社局's publishing steps (create, publish, update, withdraw) for the policy's county, or for
 * every unit from the city. Art. 5's 24 hours run from the document's issue or receipt (`issuedAt`) to the first
 * publication. Every step writes the row, its event and its version in one transaction.
 */
import type { Database } from '@qq/db/client';
import { TALENT_POLICY_STATUSES, talentPolicyEvents, talentPolicyVersions } from '@qq/db/schema/talent';
import {
  assertUuid,
  BadUserInputError,
  createRecord,
  ForbiddenError,
  isPastExpiry,
  isUuid,
  NotFoundError,
  parseInput,
  readCountyFilter,
  readKeyword,
  readPage,
  runStep,
  toConnection,
  UnauthenticatedError,
  unitCodeSchema,
  type HistoryStore,
  type PageArgs,
  type Principal,
  type StepDeps,
  type StepSpec,
} from '@qq/kit';
import { z } from 'zod';
import { HRSS, isHrssStaff } from '../domain.ts';
import type { Loaders } from '../loaders.ts';
import type { OutboxStore } from '../store/outbox.store.ts';
import {
  policyCursor,
  type NewTalentPolicy,
  type TalentPolicyFilter,
  type TalentPolicyRow,
  type TalentPolicyStore,
} from '../store/talent-policies.store.ts';
import { fields, given } from './input.ts';
import { availableActions, talentPolicyWorkflow, type TalentPolicyAction } from './workflows.ts';

/** Art. 5: a policy is published within 24 hours of the document's issue or receipt. */
export const PUBLISH_WITHIN_MS = 24 * 3600_000;
/** A policy may be valid up to five years ahead. */
export const POLICY_MAX_DAYS = 5 * 366;
/** Clock skew tolerated on `issuedAt` before it counts as "in the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

const issuedAt = (now: Date) =>
  z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time with its offset' })
    .transform((s) => new Date(s))
    .refine((d) => d.getTime() <= now.getTime() + CLOCK_SKEW_MS, { message: 'must not be in the future' });

const contentSchema = (now: Date) =>
  z.object({
    title: fields.text(4, 80),
    summary: fields.text(10, 300),
    body: fields.text(20, 20_000),
    issuedAt: issuedAt(now),
    expiresOn: fields.expiresOn(now, POLICY_MAX_DAYS),
    policyId: z.string().refine(isUuid, { message: 'is not a policy id (UUID)' }),
  });

const createSchema = (now: Date) => {
  const s = contentSchema(now).shape;
  return contentSchema(now).extend({
    countyCode: unitCodeSchema.nullish(),
    expiresOn: s.expiresOn.nullish(),
    policyId: s.policyId.nullish(),
  });
};

/** Every field optional; null keeps the value. */
const updateSchema = (now: Date) => {
  const s = contentSchema(now).shape;
  return z.object({
    title: s.title.nullish(),
    summary: s.summary.nullish(),
    body: s.body.nullish(),
    issuedAt: s.issuedAt.nullish(),
    expiresOn: s.expiresOn.nullish(),
    policyId: s.policyId.nullish(),
  });
};

export type CreateTalentPolicyInput = z.input<ReturnType<typeof createSchema>>;
export type UpdateTalentPolicyInput = z.input<ReturnType<typeof updateSchema>>;

export interface TalentPolicyListArgs extends PageArgs {
  filter?: TalentPolicyFilter | null;
}

/** What a policy's version keeps. */
export function policyContent(row: TalentPolicyRow): Record<string, unknown> {
  return {
    title: row.title,
    summary: row.summary,
    body: row.body,
    countyCode: row.countyCode,
    issuedAt: row.issuedAt.toISOString(),
    expiresOn: row.expiresOn,
    policyId: row.policyId,
  };
}

/** The instant Art. 5's 24 hours end. */
export function publishDeadline(row: { issuedAt: Date }): Date {
  return new Date(row.issuedAt.getTime() + PUBLISH_WITHIN_MS);
}

export class TalentPolicyService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: TalentPolicyStore,
    private readonly history: HistoryStore,
    private readonly outbox: OutboxStore,
    private readonly loaders: Loaders,
    private readonly now: Date,
  ) {}

  private deps(): StepDeps<TalentPolicyRow, NewTalentPolicy> {
    return {
      name: 'talentPolicy',
      db: this.db,
      principal: this.principal,
      now: this.now,
      store: this.store,
      history: this.history,
      outbox: this.outbox,
      events: talentPolicyEvents,
      versions: talentPolicyVersions,
      contentOf: policyContent,
    };
  }

  /** A visible policy, or null. */
  async byId(id: string): Promise<TalentPolicyRow | null> {
    assertUuid(id, 'id', 'is not a talent policy id');
    return this.loaders.talentPolicy.load(id);
  }

  /** An entity reference: a malformed id is simply not found. */
  async byReference(id: string): Promise<TalentPolicyRow | null> {
    return isUuid(id) ? this.loaders.talentPolicy.load(id) : null;
  }

  async list(args: TalentPolicyListArgs) {
    const page = readPage(args, 2);
    const input = args.filter ?? {};
    if (input.status && !(TALENT_POLICY_STATUSES as readonly string[]).includes(input.status)) {
      throw new BadUserInputError('filter.status', 'unknown status');
    }
    const filter: TalentPolicyFilter = {
      ...input,
      // The city's code selects the city-wide policies only (a county's filter adds them to its own).
      countyCode: readCountyFilter(input.countyCode, 'filter.countyCode'),
      keyword: readKeyword(input.keyword, 'filter.keyword'),
    };
    const rows = await this.store.list(filter, page, this.now);
    for (const row of rows) this.loaders.talentPolicy.prime(row.id, row);
    return toConnection(rows, page.limit, policyCursor, () => this.store.count(filter, this.now));
  }

  /** The first policies of a department visible to the caller (batched over every department of the request). */
  async ofDepartment(code: string, first: number | null | undefined) {
    const page = readPage({ first }, 2);
    return this.loaders.talentPoliciesByDepartment(page.limit).load(code);
  }

  availableActions(row: TalentPolicyRow): TalentPolicyAction[] {
    return availableActions(talentPolicyWorkflow, row.status, this.principal, row);
  }

  /** 人社局 staff keep talent policies; whether the scope covers the unit is the workflow's. */
  private requireKeeper(): void {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (!isHrssStaff(p)) {
      throw new ForbiddenError('Only 人社局 staff publish talent policies (仅人社局工作人员可发布人才政策).');
    }
  }

  /** The policy as the caller may see it, else NOT_FOUND (as for an id that does not exist). */
  private async load(id: string): Promise<TalentPolicyRow> {
    assertUuid(id, 'id', 'is not a talent policy id');
    const row = await this.loaders.talentPolicy.load(id);
    if (!row) throw new NotFoundError('TalentPolicy', id);
    return row;
  }

  private async step(spec: StepSpec<TalentPolicyRow, NewTalentPolicy>): Promise<TalentPolicyRow> {
    const updated = await runStep(this.deps(), spec);
    this.loaders.talentPolicy.clear(updated.id).prime(updated.id, updated);
    return updated;
  }

  /** 新建人才政策: a draft in the caller's unit (any unit, or the city, for the city's staff). */
  async create(input: CreateTalentPolicyInput): Promise<TalentPolicyRow> {
    this.requireKeeper();
    const data = parseInput(createSchema(this.now), input);
    const unit = { departmentCode: HRSS, countyCode: data.countyCode ?? this.principal.county ?? '' };
    if (!unit.countyCode) throw new BadUserInputError('input.countyCode', 'is required');
    const status = talentPolicyWorkflow.next(null, 'CREATE', this.principal, unit);
    const row = await createRecord(
      this.deps(),
      {
        ...data,
        ...unit,
        expiresOn: data.expiresOn ?? null,
        policyId: data.policyId ?? null,
        status,
        createdBy: this.principal.sub ?? HRSS,
        revisedAt: this.now,
        createdAt: this.now,
        updatedAt: this.now,
      },
      'CREATE',
    );
    this.loaders.talentPolicy.prime(row.id, row);
    return row;
  }

  /** 发布: public; the first publication is the instant Art. 5's 24 hours are measured to. */
  async publish(id: string, expiresOn: string | null | undefined): Promise<TalentPolicyRow> {
    this.requireKeeper();
    const day = parseInput(fields.expiresOn(this.now, POLICY_MAX_DAYS).nullish(), expiresOn, 'expiresOn');
    const row = await this.load(id);
    const to = talentPolicyWorkflow.next(row.status, 'PUBLISH', this.principal, row);
    if (!day && isPastExpiry(row.expiresOn, this.now)) {
      throw new BadUserInputError('expiresOn', 'is required: the last valid day has passed');
    }
    return this.step({
      row,
      step: 'PUBLISH',
      to,
      set: {
        publishedAt: row.publishedAt ?? this.now,
        expiredAt: null,
        withdrawnAt: null,
        withdrawalReason: null,
        ...(day ? { expiresOn: day } : {}),
      },
      revise: !!day,
    });
  }

  /** 更新: a new version in the same state; the policy counts as current again. */
  async update(id: string, input: UpdateTalentPolicyInput): Promise<TalentPolicyRow> {
    this.requireKeeper();
    const changes = given(parseInput(updateSchema(this.now), input ?? {}));
    if (Object.keys(changes).length === 0) throw new BadUserInputError('input', 'must change at least one field');
    const row = await this.load(id);
    const to = talentPolicyWorkflow.next(row.status, 'UPDATE', this.principal, row);
    if (changes.issuedAt && row.publishedAt) {
      throw new BadUserInputError('input.issuedAt', 'may not change once the policy was published');
    }
    return this.step({ row, step: 'UPDATE', to, set: changes, revise: true });
  }

  /** 撤回: no longer public, with the reason. */
  async withdraw(id: string, reason: string): Promise<TalentPolicyRow> {
    this.requireKeeper();
    const note = parseInput(fields.text(2, 500), reason, 'reason');
    const row = await this.load(id);
    const to = talentPolicyWorkflow.next(row.status, 'WITHDRAW', this.principal, row);
    return this.step({
      row,
      step: 'WITHDRAW',
      to,
      set: { withdrawnAt: this.now, withdrawalReason: note },
      note,
    });
  }
}
