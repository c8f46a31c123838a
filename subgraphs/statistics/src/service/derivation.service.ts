/**
 * The 四上 register derived from dated thresholds (名录的认定): for a year, each statistical unit's industry picks the
 * threshold version in force on 31 December (the most specific industry prefix wins), its accepted reports of the
 * year give the annual figure, and an enterprise that meets the threshold but is not in the register (or the
 * reverse) becomes a proposed change with the figures and the threshold used. Staff confirm a change (the register
 * changes from 1 January after the year, or ends on 31 December of it) or override it with a reason.
 */
import type { Database } from '@qq/db/client';
import {
  QUALIFICATIONS,
  REGISTER_CHANGE_STATUSES,
  type Qualification,
  supervisingDepartment,
  THRESHOLD_MEASURES,
  type AboveScaleCategory,
  type RegisterChangeStatus,
  type RegisterDirection,
  type ThresholdMeasure,
} from '@qq/db/schema/statistics';
import {
  BadUserInputError,
  chinaDay,
  CITY_CODE,
  ConflictError,
  eventValues,
  ForbiddenError,
  inTransaction,
  isIndustryCode,
  isUniqueViolation,
  isUnitCode,
  isUuid,
  isValidCreditCode,
  NotFoundError,
  readCountyFilter,
  readPage,
  toConnection,
  UnauthenticatedError,
  type PageArgs,
  type Principal,
  type Tx,
} from '@qq/kit';
import { messages } from '../messages.ts';
import {
  DerivationStore,
  type AnnualFigures,
  type RegisterChangeInsert,
  type RegisterChangeRow,
  type ThresholdRow,
  type UnitRow,
} from '../store/derivation.store.ts';
import { readsTotals } from './access.ts';
import { registerChangeWorkflow, type RegisterChangeAction } from './register-change.workflow.ts';

import * as valid from './validation.ts';

export interface DerivationResult {
  year: number;
  /** The day the thresholds and the register were read at: 31 December of the year. */
  asOf: string;
  /** Units whose industry has a threshold. */
  evaluated: number;
  proposedEntries: number;
  proposedExits: number;
  /** Changes proposed by an earlier run of the same year (left as they are). */
  alreadyProposed: number;
  /** Units measured by revenue whose December report of the year is not accepted: no figure, no proposal. */
  incomplete: number;
}

const MEASURE_LABEL: Record<ThresholdMeasure, string> = {
  MAIN_BUSINESS_REVENUE: '主营业务收入',
  REVENUE: '营业收入',
  QUALIFICATION: '建筑业资质',
  ALL: '全部企业',
};

/** The threshold versions in force on a day: the latest version of each industry prefix. */
export function thresholdsInForce(rows: readonly ThresholdRow[], day: string): Map<string, ThresholdRow> {
  const byPrefix = new Map<string, ThresholdRow>();
  for (const row of rows) {
    if (row.validFrom > day) continue;
    const seen = byPrefix.get(row.industryPrefix);
    if (!seen || seen.validFrom < row.validFrom) byPrefix.set(row.industryPrefix, row);
  }
  return byPrefix;
}

/** The threshold of an industry code (C3311): the longest prefix with a version in force. */
export function thresholdOf(inForce: Map<string, ThresholdRow>, industryCode: string): ThresholdRow | null {
  for (let n = industryCode.length; n >= 1; n--) {
    const row = inForce.get(industryCode.slice(0, n));
    if (row) return row;
  }
  return null;
}

/** 千元 → 万元, as the thresholds are written. */
const wan = (thousand: number) => Math.round(thousand) / 10;

interface Verdict {
  qualifies: boolean;
  figure: number | null;
  why: string;
}

function judge(unit: UnitRow, t: ThresholdRow, annual: AnnualFigures | undefined, year: number): Verdict | null {
  switch (t.measure) {
    case 'ALL':
      return { qualifies: true, figure: null, why: `${t.basis}` };
    case 'QUALIFICATION':
      return unit.qualification
        ? {
            qualifies: true,
            figure: null,
            why: `具有${unit.qualification === 'GENERAL' ? '总承包' : '专业承包'}资质（${t.basis}）`,
          }
        : { qualifies: false, figure: null, why: `无总承包或专业承包资质（${t.basis}）` };
    case 'REVENUE':
    case 'MAIN_BUSINESS_REVENUE': {
      const figure = t.measure === 'REVENUE' ? annual?.revenue : annual?.mainBusinessRevenue;
      if (!annual?.complete || figure === null || figure === undefined) return null;
      const minimum = t.minimum ?? 0;
      const qualifies = figure >= minimum * 10;
      return {
        qualifies,
        figure,
        why: `${year}年${MEASURE_LABEL[t.measure]}${wan(figure)}万元，${qualifies ? '达到' : '低于'}${minimum}万元标准（${t.validFrom}起施行）`,
      };
    }
  }
}

/**
 * Derives the proposed changes of `year` and records the new ones with their `propose` events, in the caller's
 * transaction. A repeated run proposes nothing twice (one change per enterprise, category, year and direction).
 */
export async function deriveRegister(tx: Tx, year: number, now: Date, actor: Principal): Promise<DerivationResult> {
  registerChangeWorkflow.next(null, 'propose', actor);
  const store = new DerivationStore(tx, null);
  const asOf = `${year}-12-31`;
  const effectiveEntry = `${year + 1}-01-01`;
  const [thresholds, unitRows, annual, records] = await Promise.all([
    store.thresholdsUpTo(asOf),
    store.allUnits(),
    store.annualFigures(year),
    store.recordsInForce(asOf),
  ]);
  const inForce = thresholdsInForce(thresholds, asOf);
  const figures = new Map(annual.map((a) => [a.enterpriseCode, a]));
  const registered = new Set(records.map((r) => `${r.enterpriseCode}|${r.category}`));
  const result: DerivationResult = {
    year,
    asOf,
    evaluated: 0,
    proposedEntries: 0,
    proposedExits: 0,
    alreadyProposed: 0,
    incomplete: 0,
  };
  const proposals: RegisterChangeInsert[] = [];
  const reasons = new Map<string, string>();
  for (const unit of unitRows) {
    const t = thresholdOf(inForce, unit.industryCode);
    if (!t) continue;
    result.evaluated++;
    const verdict = judge(unit, t, figures.get(unit.enterpriseCode), year);
    if (!verdict) {
      result.incomplete++;
      continue;
    }
    const inRegister = registered.has(`${unit.enterpriseCode}|${t.category}`);
    if (verdict.qualifies === inRegister) continue;
    proposals.push({
      enterpriseCode: unit.enterpriseCode,
      category: t.category,
      year,
      direction: verdict.qualifies ? 'ENTER' : 'EXIT',
      status: 'PROPOSED',
      industryCode: unit.industryCode,
      measure: t.measure,
      figure: verdict.figure,
      thresholdId: t.id,
      minimum: t.minimum,
      thresholdValidFrom: t.validFrom,
      effectiveOn: verdict.qualifies ? effectiveEntry : asOf,
      proposedAt: now,
      decisionReason: null,
      departmentCode: supervisingDepartment(t.category),
      countyCode: unit.countyCode,
    });
    reasons.set(`${unit.enterpriseCode}|${t.category}`, verdict.why);
  }
  const inserted: RegisterChangeRow[] = [];
  for (let i = 0; i < proposals.length; i += 500) {
    inserted.push(...(await store.insertChanges(tx, proposals.slice(i, i + 500))));
  }
  result.alreadyProposed = proposals.length - inserted.length;
  for (const row of inserted) {
    if (row.direction === 'ENTER') result.proposedEntries++;
    else result.proposedExits++;
  }
  await store.insertEvents(
    tx,
    inserted.map((row) => ({
      ...eventValues(actor, {
        subjectId: row.id,
        action: 'propose',
        fromStatus: null,
        toStatus: 'PROPOSED',
        note: reasons.get(`${row.enterpriseCode}|${row.category}`) ?? null,
        data: { year, direction: row.direction, category: row.category, figure: row.figure },
      }),
      at: now,
    })),
  );
  return result;
}

/** Why the change was proposed, as it reads on the register record: staff's reason, or the derivation's. */
export function changeReason(row: RegisterChangeRow): string {
  if (row.proposalReason !== null) return row.proposalReason;
  const basis = `${row.year}年`;
  switch (row.measure) {
    case 'ALL':
      return `${basis}认定：房地产开发经营企业`;
    case 'QUALIFICATION':
      return `${basis}认定：${row.direction === 'ENTER' ? '具有建筑业资质' : '无建筑业资质'}`;
    case 'REVENUE':
    case 'MAIN_BUSINESS_REVENUE':
      return `${basis}${MEASURE_LABEL[row.measure]}${wan(row.figure ?? 0)}万元，${row.direction === 'ENTER' ? '达到' : '低于'}${row.minimum}万元标准（${row.thresholdValidFrom}起施行）`;
  }
}

/**
 * Whether the register allows a change now: an entry when the enterprise has no record of the category in force on or
 * after its first day, an exit when it has one in force on its last day (the record it ends). CONFLICT otherwise.
 */
function recordToChange<R extends { since: string }>(
  records: readonly R[],
  direction: RegisterDirection,
  effectiveOn: string,
): R | null {
  if (direction === 'ENTER') {
    if (records.length > 0) {
      throw new ConflictError('The enterprise is already in the register for this category (已在名录中).', {
        reason: 'ALREADY_IN_REGISTER',
      });
    }
    return null;
  }
  const record = records.find((r) => r.since <= effectiveOn);
  if (!record) {
    throw new ConflictError('The enterprise is no longer in the register for this category (不在名录中).', {
      reason: 'NOT_IN_REGISTER',
    });
  }
  return record;
}

/** A change staff propose by hand (名录维护: 入库 or 退库), for the reviewers to confirm or override. */
export interface ProposalInput {
  creditCode: string;
  direction: string;
  year?: number | null;
  reason: string;
}

export interface RegisterChangeFilterArgs {
  year?: number | null;
  status?: string | null;
  countyCode?: string | null;
  creditCode?: string | null;
}

export interface UnitInput {
  creditCode: string;
  industryCode: string;
  qualification?: string | null;
  countyCode: string;
}

export interface ThresholdInput {
  category: string;
  industryPrefix: string;
  measure: string;
  minimum?: number | null;
  validFrom: string;
  basis: string;
}

function refuse(principal: Principal): never {
  throw principal.role === 'anonymous' ? new UnauthenticatedError() : new ForbiddenError();
}

/** 市统计局 city staff: run the derivation and record thresholds. */
function isStatsCityStaff(p: Principal): boolean {
  return p.role === 'staff' && p.dept === 'stats' && (p.county === null || p.county === CITY_CODE);
}

/** A complete year, 2007 to last year (China Standard Time), or BAD_USER_INPUT naming `field`. */
function completeYear(year: number, now: Date, field: string): number {
  const current = Number(chinaDay(now).slice(0, 4));
  if (!Number.isInteger(year) || year < 2007 || year >= current) {
    throw new BadUserInputError(field, `must be a complete year, 2007–${current - 1}`);
  }
  return year;
}

export class DerivationService {
  private readonly store: DerivationStore;

  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.store = new DerivationStore(db, principal);
  }

  /** The threshold versions in force on `asOf` (default today), or every version (public). */
  async thresholds(asOf: string | null | undefined, allVersions: boolean | null | undefined) {
    const day = valid.day(asOf, 'asOf') ?? chinaDay(this.now());
    const rows = await new DerivationStore(this.db, null).allThresholds();
    if (allVersions) return rows;
    return [...thresholdsInForce(rows, day).values()].sort((a, b) => a.industryPrefix.localeCompare(b.industryPrefix));
  }

  /** Records a new threshold version (市统计局 city staff): it applies to derivations of years ending on or after it. */
  async setThreshold(input: ThresholdInput): Promise<ThresholdRow> {
    if (!isStatsCityStaff(this.principal)) refuse(this.principal);
    const category = valid.category(input.category, 'input.category')!;
    if (!isIndustryCode(input.industryPrefix, false)) {
      throw new BadUserInputError('input.industryPrefix', 'must be a GB/T 4754 section letter with up to four digits');
    }
    if (!(THRESHOLD_MEASURES as readonly string[]).includes(input.measure)) {
      throw new BadUserInputError('input.measure', 'unknown');
    }
    const measure = input.measure as ThresholdMeasure;
    const byFigure = measure === 'REVENUE' || measure === 'MAIN_BUSINESS_REVENUE';
    const minimum = input.minimum ?? null;
    if (byFigure && (minimum === null || !Number.isFinite(minimum) || minimum < 0 || minimum > 1e8)) {
      throw new BadUserInputError('input.minimum', 'is required for a revenue threshold: 0–100,000,000 万元');
    }
    if (!byFigure && minimum !== null) {
      throw new BadUserInputError('input.minimum', `must be left out for ${measure}`);
    }
    const validFrom = valid.day(input.validFrom, 'input.validFrom')!;
    const basis = input.basis.trim();
    if ([...basis].length < 2 || [...basis].length > 200) {
      throw new BadUserInputError('input.basis', 'must be 2–200 characters');
    }
    try {
      return await inTransaction(this.db, (tx) =>
        this.store.insertThreshold(tx, {
          category,
          industryPrefix: input.industryPrefix,
          measure,
          minimum: byFigure ? Math.round(minimum! * 100) / 100 : null,
          validFrom,
          basis,
          setBy: this.principal.sub ?? 'staff',
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `A version of ${input.industryPrefix} taking effect on ${validFrom} exists (已有该版本).`,
          {
            reason: 'THRESHOLD_EXISTS',
          },
        );
      }
      throw error;
    }
  }

  /** 统计单位: classifies an enterprise (市统计局 staff of its county or the city); setting again replaces it. */
  async setUnit(input: UnitInput): Promise<UnitRow> {
    const p = this.principal;
    if (!(p.role === 'staff' && p.dept === 'stats')) refuse(p);
    if (!isValidCreditCode(input.creditCode))
      throw new BadUserInputError('input.creditCode', 'is not a valid credit code');
    if (!isIndustryCode(input.industryCode, true)) {
      throw new BadUserInputError('input.industryCode', 'must be a GB/T 4754-2017 class, such as C3311');
    }
    if (input.qualification && !(QUALIFICATIONS as readonly string[]).includes(input.qualification)) {
      throw new BadUserInputError('input.qualification', 'unknown');
    }
    if (!isUnitCode(input.countyCode) || input.countyCode === CITY_CODE) {
      throw new BadUserInputError('input.countyCode', 'must be a county-level unit of the city');
    }
    if (p.county && p.county !== CITY_CODE && p.county !== input.countyCode) refuse(p);
    return inTransaction(this.db, (tx) =>
      this.store.upsertUnit(tx, {
        enterpriseCode: input.creditCode,
        industryCode: input.industryCode,
        qualification: (input.qualification ?? null) as Qualification | null,
        countyCode: input.countyCode,
      }),
    );
  }

  /** Derives the proposals of a complete year on demand (市统计局 city staff). */
  async derive(year: number): Promise<DerivationResult> {
    if (!isStatsCityStaff(this.principal)) refuse(this.principal);
    const now = this.now();
    completeYear(year, now, 'year');
    return inTransaction(this.db, (tx) => deriveRegister(tx, year, now, this.principal));
  }

  /**
   * 名录维护 by hand: proposes adding an enterprise to the register (ENTER) or removing it (EXIT) for a complete year,
   * with a reason, in the category its industry class is measured under; the change waits for a reviewer as the
   * derivation's do. 统计局 staff of the enterprise's county or the city, 工信局 staff for industry. One open
   * proposal per enterprise and year, and one change per enterprise, category, year and direction (as the derivation).
   */
  async propose(input: ProposalInput): Promise<RegisterChangeRow> {
    const p = this.principal;
    if (!(p.role === 'staff' && (p.dept === 'stats' || p.dept === 'miit'))) refuse(p);
    const now = this.now();
    if (!isValidCreditCode(input.creditCode)) {
      throw new BadUserInputError('input.creditCode', 'is not a valid credit code');
    }
    if (input.direction !== 'ENTER' && input.direction !== 'EXIT') {
      throw new BadUserInputError('input.direction', 'must be ENTER or EXIT');
    }
    const direction: RegisterDirection = input.direction;
    const year = completeYear(input.year ?? Number(chinaDay(now).slice(0, 4)) - 1, now, 'input.year');
    const reason = input.reason.trim();
    if ([...reason].length < 2 || [...reason].length > 500) {
      throw new BadUserInputError('input.reason', 'must be 2–500 characters');
    }
    const asOf = `${year}-12-31`;
    return inTransaction(this.db, async (tx) => {
      const store = new DerivationStore(tx, null);
      const unit = await store.lockUnit(tx, input.creditCode);
      if (!unit) throw new NotFoundError('Statistical unit', input.creditCode);
      const threshold = thresholdOf(thresholdsInForce(await store.thresholdsUpTo(asOf), asOf), unit.industryCode);
      if (!threshold) {
        throw new ConflictError(
          `No threshold applies to industry ${unit.industryCode} on ${asOf}: it is not a 四上 industry (不属于四上行业).`,
          { reason: 'NO_THRESHOLD' },
        );
      }
      const subject = { departmentCode: supervisingDepartment(threshold.category), countyCode: unit.countyCode };
      registerChangeWorkflow.next(null, 'propose', p, subject);
      const changes = await store.changesOf(tx, unit.enterpriseCode, year);
      const open = changes.find((c) => c.status === 'PROPOSED');
      if (open) {
        throw new ConflictError(`The enterprise has a proposed change of ${year} waiting (已有待确认的调整).`, {
          reason: 'PROPOSAL_OPEN',
          id: open.id,
        });
      }
      const same = changes.find((c) => c.category === threshold.category && c.direction === direction);
      if (same) {
        throw new ConflictError(
          `This change of ${year} was proposed and decided already (${same.status}): one per enterprise, category, year and direction.`,
          { reason: 'CHANGE_EXISTS', id: same.id },
        );
      }
      const effectiveOn = direction === 'ENTER' ? `${year + 1}-01-01` : asOf;
      recordToChange(
        await store.lockRecord(tx, unit.enterpriseCode, threshold.category, effectiveOn),
        direction,
        effectiveOn,
      );
      // The year's figure as the derivation reads it, for the reviewer: null unless the December report is accepted.
      const [annual] = await store.annualFigures(year, unit.enterpriseCode);
      const figure = judge(unit, threshold, annual, year)?.figure ?? null;
      const [row] = await store.insertChanges(tx, [
        {
          enterpriseCode: unit.enterpriseCode,
          category: threshold.category,
          year,
          direction,
          status: 'PROPOSED',
          industryCode: unit.industryCode,
          measure: threshold.measure,
          figure,
          thresholdId: threshold.id,
          minimum: threshold.minimum,
          thresholdValidFrom: threshold.validFrom,
          effectiveOn,
          proposedAt: now,
          proposalReason: reason,
          decisionReason: null,
          ...subject,
        },
      ]);
      // The unit's lock orders proposals by hand; the derivation may have written the same change meanwhile.
      if (!row) {
        throw new ConflictError(`This change of ${year} was proposed already.`, { reason: 'CHANGE_EXISTS' });
      }
      await store.insertEvents(tx, [
        {
          ...eventValues(p, {
            subjectId: row.id,
            action: 'propose',
            fromStatus: null,
            toStatus: 'PROPOSED',
            note: reason,
            data: { year, direction, category: row.category, figure },
          }),
          at: now,
        },
      ]);
      await store.enqueue(tx, [
        {
          topic: 'register.proposed',
          idempotencyKey: `register.proposed:inbox:${row.id}`,
          countyCode: row.countyCode,
          channel: 'inbox',
          to: { dept: row.departmentCode, county: row.countyCode },
          ...messages.render('register.proposed', {
            category: CATEGORY_LABEL[row.category],
            direction: direction === 'ENTER' ? '入库' : '退库',
            year,
            reason,
          }),
          data: { changeId: row.id },
        },
      ]);
      return row;
    });
  }

  async list(args: PageArgs & { filter?: RegisterChangeFilterArgs | null }) {
    if (!readsTotals(this.principal)) refuse(this.principal);
    const page = readPage(args, 3);
    const f = args.filter ?? {};
    if (f.status && !(REGISTER_CHANGE_STATUSES as readonly string[]).includes(f.status)) {
      throw new BadUserInputError('filter.status', 'unknown');
    }
    const filter = {
      year: f.year ?? null,
      status: (f.status ?? null) as RegisterChangeStatus | null,
      countyCode: readCountyFilter(f.countyCode, 'filter.countyCode'),
      enterpriseCode: f.creditCode ?? null,
    };
    const rows = await this.store.list(filter, page);
    return toConnection(
      rows,
      page.limit,
      (r) => [r.year, r.enterpriseCode, r.id],
      () => this.store.count(filter),
    );
  }

  async byId(id: string): Promise<RegisterChangeRow | null> {
    if (!readsTotals(this.principal)) refuse(this.principal);
    if (!isUuid(id)) return null;
    return (await this.store.findByIds([id.toLowerCase()]))[0] ?? null;
  }

  /** 确认: applies the change to the register. */
  confirm(id: string, note: string | null | undefined): Promise<RegisterChangeRow> {
    const text = note?.trim() || null;
    if (text !== null && [...text].length > 500) throw new BadUserInputError('note', 'must be at most 500 characters');
    return this.decide(id, 'confirm', text, async (tx, row, now) => {
      const reason = changeReason(row);
      const records = await this.store.lockRecord(tx, row.enterpriseCode, row.category, row.effectiveOn);
      const record = recordToChange(records, row.direction, row.effectiveOn);
      if (record === null) {
        await this.store.insertRecord(tx, {
          enterpriseCode: row.enterpriseCode,
          category: row.category,
          since: row.effectiveOn,
          reason,
          departmentCode: row.departmentCode,
          countyCode: row.countyCode,
        });
      } else {
        await this.store.closeRecord(tx, record, row.effectiveOn, reason);
      }
      const updated = await this.store.updateChange(tx, row.id, {
        status: 'CONFIRMED',
        confirmedAt: now,
        decidedBy: this.principal.sub,
        decisionReason: text,
      });
      const topic = row.direction === 'ENTER' ? 'register.entered' : 'register.exited';
      await this.store.enqueue(tx, [
        {
          topic,
          idempotencyKey: `${topic}:inbox:${row.id}`,
          countyCode: row.countyCode,
          channel: 'inbox',
          to: { enterprise: row.enterpriseCode },
          ...messages.render(topic, { category: CATEGORY_LABEL[row.category], day: row.effectiveOn, reason }),
          data: { changeId: row.id },
        },
      ]);
      return updated;
    });
  }

  /** 不予调整: keeps the register as it is, with the reason. */
  override(id: string, reason: string): Promise<RegisterChangeRow> {
    const text = reason.trim();
    if ([...text].length < 2 || [...text].length > 500) {
      throw new BadUserInputError('reason', 'must be 2–500 characters');
    }
    return this.decide(id, 'override', text, (tx, row, now) =>
      this.store.updateChange(tx, row.id, {
        status: 'OVERRIDDEN',
        overriddenAt: now,
        decidedBy: this.principal.sub,
        decisionReason: text,
      }),
    );
  }

  private async decide(
    id: string,
    action: Extract<RegisterChangeAction, 'confirm' | 'override'>,
    note: string | null,
    work: (tx: Tx, row: RegisterChangeRow, now: Date) => Promise<RegisterChangeRow>,
  ): Promise<RegisterChangeRow> {
    const seen = await this.byId(id);
    if (!seen) throw new NotFoundError('Register change', id);
    const now = this.now();
    return inTransaction(this.db, async (tx) => {
      const row = (await this.store.lockById(tx, seen.id))!;
      const to = registerChangeWorkflow.next(row.status, action, this.principal, row);
      const updated = await work(tx, row, now);
      await this.store.insertEvents(tx, [
        {
          ...eventValues(this.principal, {
            subjectId: row.id,
            action,
            fromStatus: row.status,
            toStatus: to,
            note,
            data: { year: row.year, direction: row.direction, category: row.category },
          }),
          at: now,
        },
      ]);
      return updated;
    });
  }
}

export const CATEGORY_LABEL: Record<AboveScaleCategory, string> = {
  INDUSTRY: '规模以上工业',
  CONSTRUCTION: '资质等级建筑业',
  WHOLESALE_RETAIL: '限额以上批发和零售业',
  ACCOMMODATION_CATERING: '限额以上住宿和餐饮业',
  SERVICES: '规模以上服务业',
  REAL_ESTATE: '房地产开发经营业',
};
