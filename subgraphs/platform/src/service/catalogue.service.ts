/**
 * The service catalogue (事项清单): public search, and the publishing life cycle of an entry kept by its department or
 * county. Every step checks the transition table first, then changes the row only if it is still in the state and
 * version it was read in, appends its event and (when the content changed) a new version, in one transaction.
 */
import type { Database } from '@qq/db/client';
import { SERVICE_CATEGORIES, SERVICE_STATUSES, type ServiceStatus } from '@qq/db/schema/platform';
import {
  assertUuid,
  BadUserInputError,
  CITY_CODE,
  ForbiddenError,
  ConflictError,
  eventValues,
  inTransaction,
  isDepartmentCode,
  NotFoundError,
  parseInput,
  readCountyFilter,
  readKeyword,
  readPage,
  toConnection,
  unitCodeSchema,
  type Principal,
} from '@qq/kit';
import { z } from 'zod';
import type { CatalogueStore, ServiceInsert, ServiceListFilter, ServiceRow } from '../store/catalogue.store.ts';
import { availableActions, keepsUnit, serviceWorkflow, type ServiceAction } from './facilitation.workflows.ts';

const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

export const serviceInputSchema = z
  .object({
    name: text(2, 100),
    category: z.enum(SERVICE_CATEGORIES),
    conditions: text(1, 2000),
    materials: z.array(text(1, 200)).min(1, 'must list at least one material').max(50, 'must list at most 50'),
    timeLimitDays: z.number().int('must be whole days').min(1, 'must be 1–365').max(365, 'must be 1–365'),
    fees: text(1, 200),
    whereToApply: z.object({
      onlineUrl: optionalText(300).refine(
        (v) => v === null || /^https:\/\/[^\s]+$/.test(v),
        'must be an https address',
      ),
      officeAddress: optionalText(200),
      officeHours: optionalText(100),
    }),
    issuesLicence: z.boolean().nullish(),
  })
  .superRefine((v, ctx) => {
    if (!v.whereToApply.onlineUrl && !v.whereToApply.officeAddress) {
      ctx.addIssue({
        code: 'custom',
        path: ['whereToApply'],
        message: 'give an online address, an office address, or both',
      });
    }
  });

type ServiceContent = z.output<typeof serviceInputSchema>;

function columnsOf(content: ServiceContent) {
  return {
    name: content.name,
    category: content.category,
    conditions: content.conditions,
    materials: content.materials,
    timeLimitDays: content.timeLimitDays,
    fees: content.fees,
    onlineUrl: content.whereToApply.onlineUrl,
    officeAddress: content.whereToApply.officeAddress,
    officeHours: content.whereToApply.officeHours,
    issuesLicence: content.issuesLicence ?? false,
  };
}

/** What a version keeps: the content columns. */
export function contentOf(row: ServiceRow): Record<string, unknown> {
  return {
    name: row.name,
    category: row.category,
    conditions: row.conditions,
    materials: row.materials,
    timeLimitDays: row.timeLimitDays,
    fees: row.fees,
    onlineUrl: row.onlineUrl,
    officeAddress: row.officeAddress,
    officeHours: row.officeHours,
    issuesLicence: row.issuesLicence,
  };
}

export interface ServiceListArgs {
  first?: number | null;
  after?: string | null;
  filter?: {
    keyword?: string | null;
    category?: string | null;
    departmentCode?: string | null;
    countyCode?: string | null;
    status?: string | null;
  } | null;
}

export class CatalogueService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: CatalogueStore,
    private readonly now: Date,
  ) {}

  async list(args: ServiceListArgs) {
    const page = readPage(args, 2);
    const f = args.filter ?? {};
    if (f.departmentCode && !isDepartmentCode(f.departmentCode)) {
      throw new BadUserInputError('filter.departmentCode', 'is not a department code');
    }
    const filter: ServiceListFilter = {
      keyword: readKeyword(f.keyword, 'filter.keyword'),
      category: f.category ?? null,
      departmentCode: f.departmentCode ?? null,
      countyCode: readCountyFilter(f.countyCode, 'filter.countyCode'),
      status: f.status && (SERVICE_STATUSES as readonly string[]).includes(f.status) ? f.status : null,
    };
    const rows = await this.store.list(filter, page.limit + 1, page.after);
    return toConnection(
      rows,
      page.limit,
      (r) => [r.name, r.id],
      () => this.store.count(filter),
    );
  }

  available(row: ServiceRow): ServiceAction[] {
    return availableActions(serviceWorkflow, row.status, this.principal, row);
  }

  /** The id whose history the caller may read: the staff who keep it, admins of its county and analysts; else FORBIDDEN. */
  historyOf(row: ServiceRow): string {
    const p = this.principal;
    const allowed =
      p.role === 'analyst' ||
      (p.role === 'admin' && (p.county === CITY_CODE || p.county === row.countyCode)) ||
      keepsUnit(p, row);
    if (!allowed) throw new ForbiddenError('Only the staff who keep the entry read its history (无权查看).');
    return row.id;
  }

  async create(raw: { service?: unknown; departmentCode?: string | null; countyCode?: string | null }) {
    const content = parseInput(serviceInputSchema, raw.service, 'input.service');
    const departmentCode = raw.departmentCode ?? this.principal.dept;
    if (!departmentCode || !isDepartmentCode(departmentCode)) {
      throw new BadUserInputError('input.departmentCode', 'is not a department code');
    }
    const countyCode = parseInput(unitCodeSchema, raw.countyCode ?? this.principal.county, 'input.countyCode');
    const unit = { departmentCode, countyCode };
    const to = serviceWorkflow.next(null, 'CREATE', this.principal, unit);
    return inTransaction(this.db, async (tx) => {
      const store = this.store.withDb(tx);
      const row = await store.insert({
        ...columnsOf(content),
        ...unit,
        status: to,
        createdBy: this.principal.sub ?? 'unknown',
        revisedAt: this.now,
        createdAt: this.now,
        updatedAt: this.now,
      });
      await this.record(store, row, 'CREATE', null, null);
      await store.appendVersion(this.versionOf(row));
      return row;
    });
  }

  publish(id: string) {
    return this.step(id, 'PUBLISH', () => ({ publishedAt: this.now, withdrawnAt: null, withdrawReason: null }));
  }

  update(id: string, raw: unknown) {
    const content = parseInput(serviceInputSchema, raw, 'input');
    return this.step(id, 'UPDATE', () => columnsOf(content), { revise: true });
  }

  withdraw(id: string, reason: string) {
    const why = parseInput(text(1, 500), reason, 'reason');
    return this.step(id, 'WITHDRAW', () => ({ withdrawnAt: this.now, withdrawReason: why }), { note: why });
  }

  private versionOf(row: ServiceRow) {
    return {
      subjectId: row.id,
      version: row.version,
      content: contentOf(row),
      actor: this.principal.sub ?? 'unknown',
      actorRole: this.principal.role,
      at: this.now,
    };
  }

  private async record(
    store: CatalogueStore,
    row: ServiceRow,
    action: ServiceAction,
    from: ServiceStatus | null,
    note: string | null,
  ) {
    await store.appendEvent({
      ...eventValues(this.principal, {
        subjectId: row.id,
        action,
        fromStatus: from,
        toStatus: row.status,
        note,
        data: { version: row.version },
      }),
      at: this.now,
    });
  }

  private async step(
    id: string,
    action: Exclude<ServiceAction, 'CREATE'>,
    set: () => Partial<ServiceInsert>,
    options: { revise?: boolean; note?: string } = {},
  ): Promise<ServiceRow> {
    assertUuid(id, 'id');
    return inTransaction(this.db, async (tx) => {
      const store = this.store.withDb(tx);
      const row = await store.findForUpdate(id);
      // An entry the caller may not see is answered exactly as one that does not exist.
      if (!row) throw new NotFoundError('Service', id);
      const to = serviceWorkflow.next(row.status, action, this.principal, row);
      const updated = await store.transition(row.id, row, {
        ...set(),
        status: to,
        updatedAt: this.now,
        ...(options.revise ? { version: row.version + 1, revisedAt: this.now } : {}),
      });
      if (!updated) throw new ConflictError(`service: "${action}" is not possible, it was changed meanwhile.`, { id });
      await this.record(store, updated, action, row.status, options.note ?? null);
      if (options.revise) await store.appendVersion(this.versionOf(updated));
      return updated;
    });
  }
}
