/**
 * The monthly evaluation (Art. 9–11): measure sets versioned by the month they take effect, reports generated from
 * the figures read through the graph and stored once, and who may do what.
 *
 * Versions: a measure set takes effect from `validFrom`, never before the current month, so a month that has begun
 * is always scored with the measures it had, however often it is recomputed. Reports: one per month; generating it
 * again is a CONFLICT unless a new version is asked for explicitly with a reason, which adds a row (the earlier
 * versions stay as they were).
 */
import type { Database } from '@qq/db/client';
import { outbox } from '@qq/db/schema/platform';
import {
  BadUserInputError,
  CITY_CODE,
  CodedError,
  ConflictError,
  enqueueMessages,
  ForbiddenError,
  isDepartmentCode,
  monthOf,
  monthRange,
  type OutboundMessage,
  type Principal,
} from '@qq/kit';
import {
  catalogFigure,
  DEFAULT_MEASURES,
  DEFAULT_SETTINGS,
  FIGURE_CATALOG,
  MAX_CONSECUTIVE_MONTHS,
  measureOf,
  pathsOf,
  UNIT_KINDS,
  type EvaluationSettings,
  type Measure,
  type UnitKind,
} from './catalog.ts';
import { computeReport, previousMonth, type MonthInputs, type ReportInputs, type ReportResults } from './engine.ts';
import { EvaluationStore, type MeasureSetRow, type ReportRow } from './evaluation.store.ts';
import type { FigureReading, FigureRequest, FigureSource } from './figures.ts';
import { evaluationMessages } from './messages.ts';

/** The owner of the general measure set (administrators). */
export const GENERAL = 'general';

/** The measures, settings and set versions in force in a month. */
export interface MonthPlan {
  month: string;
  sets: MonthInputs['sets'];
  measures: Measure[];
  settings: EvaluationSettings;
}

/** The version of each owner's set in force in `month` (latest `validFrom` not after it, then latest defined). */
export function planMonth(sets: readonly MeasureSetRow[], month: string): MonthPlan {
  const inForce = new Map<string, MeasureSetRow>();
  for (const s of sets) {
    if (s.validFrom > month) continue;
    const cur = inForce.get(s.owner);
    if (!cur || s.validFrom > cur.validFrom || (s.validFrom === cur.validFrom && s.definedAt >= cur.definedAt)) {
      inForce.set(s.owner, s);
    }
  }
  const general = inForce.get(GENERAL);
  const owners = [...inForce.keys()].filter((o) => o !== GENERAL).sort();
  return {
    month,
    sets: [
      general
        ? { owner: GENERAL, id: general.id, validFrom: general.validFrom }
        : { owner: GENERAL, id: null, validFrom: '0000-01' },
      ...owners.map((o) => ({ owner: o, id: inForce.get(o)!.id, validFrom: inForce.get(o)!.validFrom })),
    ],
    measures: [...(general ? general.measures : DEFAULT_MEASURES), ...owners.flatMap((o) => inForce.get(o)!.measures)],
    settings: general?.settings ?? DEFAULT_SETTINGS,
  };
}

/** The month and the months before it the supervision rule looks at, each with its own plan. */
export function planReport(sets: readonly MeasureSetRow[], month: string): MonthPlan[] {
  const first = planMonth(sets, month);
  const plans = [first];
  let m = month;
  for (let i = 1; i < first.settings.consecutiveMonths; i++) {
    m = previousMonth(m);
    plans.push(planMonth(sets, m));
  }
  return plans;
}

/** What the plans read from the graph. */
export function requestOf(plans: readonly MonthPlan[]): FigureRequest {
  return plans.map((p) => ({ month: p.month, paths: pathsOf(p.measures) }));
}

/** Everything any report of `month` could read: every catalog figure for the longest supervision rule. */
export function fullRequest(month: string): FigureRequest {
  const paths = FIGURE_CATALOG.flatMap((m) => Object.keys(m.figures).map((f) => `${m.field}.${f}`));
  const request: FigureRequest = [];
  let m = month;
  for (let i = 0; i < MAX_CONSECUTIVE_MONTHS; i++) {
    request.push({ month: m, paths });
    m = previousMonth(m);
  }
  return request;
}

/** The report's inputs: each month's plan with the figures its measures read (and no others). */
export function inputsOf(month: string, plans: readonly MonthPlan[], reading: FigureReading): ReportInputs {
  const lacking = plans
    .flatMap((p) => pathsOf(p.measures))
    .find((path) => reading.missing.includes(path.split('.')[0]!));
  if (lacking) {
    throw new CodedError('SERVICE_UNAVAILABLE', `The graph has no ${lacking.split('.')[0]} (考核数据缺失).`, {
      service: 'figures',
    });
  }
  return {
    month,
    units: reading.units,
    months: plans.map((p) => {
      const paths = pathsOf(p.measures);
      const figuresOf = (kind: UnitKind) =>
        Object.fromEntries(
          reading.units[kind].map((u) => {
            const all = reading.figures[p.month]?.[kind]?.[u.code] ?? {};
            return [u.code, Object.fromEntries(paths.map((path) => [path, all[path] ?? null]))];
          }),
        );
      return { ...p, figures: { DEPARTMENT: figuresOf('DEPARTMENT'), COUNTY: figuresOf('COUNTY') } };
    }),
    readAt: reading.readAt.toISOString(),
    source: reading.source,
  };
}

/** The current month (China time). */
export function currentMonth(now: Date): string {
  return monthOf(now);
}

/** Messages to the units that became key supervision targets, in the report's transaction. */
function supervisionMessages(report: { id: string; month: string; results: ReportResults; inputs: ReportInputs }) {
  const months = report.inputs.months[0]!.settings.consecutiveMonths;
  const out: OutboundMessage[] = [];
  for (const r of [...report.results.departments, ...report.results.counties]) {
    if (!r.supervised) continue;
    out.push({
      topic: 'evaluation.supervised',
      idempotencyKey: `evaluation.supervised:${report.id}:${r.kind}:${r.code}`,
      countyCode: r.kind === 'COUNTY' ? r.code : CITY_CODE,
      channel: 'inbox',
      to: r.kind === 'DEPARTMENT' ? { dept: r.code, county: CITY_CODE } : { dept: 'bigdata', county: r.code },
      ...evaluationMessages.render('evaluation.supervised', {
        unit: r.name,
        month: report.month,
        months,
        dueOn: r.rectificationDueOn!,
      }),
      data: { reportId: report.id, month: report.month, unit: r.code },
    });
  }
  return out;
}

/**
 * Stores a report computed from its inputs, with its messages, in one transaction; null when that version exists
 * already.
 */
export async function storeReport(
  db: Database,
  values: {
    month: string;
    version: number;
    trigger: 'SCHEDULE' | 'DEMAND';
    reason: string | null;
    generatedBy: string;
    generatedAt: Date;
    inputs: ReportInputs;
  },
): Promise<ReportRow | null> {
  return db.transaction((tx) => storeReportIn(tx as unknown as Database, values));
}

/** `storeReport` within a transaction the caller holds (a scheduled job's). */
export async function storeReportIn(
  tx: Database,
  values: Parameters<typeof storeReport>[1],
): Promise<ReportRow | null> {
  const results = computeReport(values.inputs);
  const row = await new EvaluationStore(tx).insertReport({ ...values, results });
  if (row) await enqueueMessages(tx, outbox, supervisionMessages(row));
  return row;
}

/**
 * Plans a month's report from the measure sets, reads its figures through `source` (before any transaction opens:
 * the embedded database serves the graph's reads on the same connection), and stores it; null when that version of
 * the month exists already.
 */
export async function generateReport(
  db: Database,
  source: FigureSource,
  month: string,
  meta: {
    version: number;
    trigger: 'SCHEDULE' | 'DEMAND';
    reason: string | null;
    generatedBy: string;
    generatedAt: Date;
  },
): Promise<ReportRow | null> {
  const plans = planReport(await new EvaluationStore(db).measureSets(), month);
  const reading = await source.read(requestOf(plans));
  return storeReport(db, { month, ...meta, inputs: inputsOf(month, plans, reading) });
}

export interface MeasureInput {
  key: string;
  label?: string | null;
  figure: string;
  per?: string[] | null;
  weight: number;
  unitKinds?: UnitKind[] | null;
}

export interface DefineMeasuresInput {
  owner: string;
  validFrom: string;
  measures: MeasureInput[];
  settings?: EvaluationSettings | null;
  note?: string | null;
}

const KEY = /^[a-z][a-zA-Z0-9.]{0,39}$/;

function intIn(value: number, min: number, max: number, field: string) {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadUserInputError(field, `must be a whole number from ${min} to ${max}`);
  }
}

export class EvaluationService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: EvaluationStore,
    private readonly source: FigureSource,
    private readonly now: Date,
  ) {}

  private assertReader() {
    const role = this.principal.role;
    if (role !== 'admin' && role !== 'leader' && role !== 'analyst') {
      throw new ForbiddenError('Only administrators, leaders and analysts read the evaluation (无权查看考核).');
    }
  }

  /** Whether the caller may define the measures of `owner`: administrators any, a lead department's city staff its own. */
  private mayDefine(owner: string): boolean {
    const p = this.principal;
    if (p.role === 'admin') return true;
    return owner !== GENERAL && p.role === 'staff' && p.dept === owner && p.county === CITY_CODE;
  }

  /** Every version of the measure sets (readers of the evaluation; staff: their department's). */
  async measureSets(owner?: string | null): Promise<MeasureSetRow[]> {
    const p = this.principal;
    const staffOwn = p.role === 'staff' && !!p.dept;
    if (!staffOwn) this.assertReader();
    if (staffOwn && owner && owner !== p.dept) throw new ForbiddenError();
    const all = await this.store.measureSets();
    const wanted = staffOwn ? p.dept! : owner;
    return wanted ? all.filter((s) => s.owner === wanted) : all;
  }

  /** The measures in force in a month (and the built-in general set when none was defined). */
  async plan(month: string): Promise<MonthPlan> {
    monthRange(month);
    if (this.principal.role !== 'staff') this.assertReader();
    return planMonth(await this.store.measureSets(), month);
  }

  /** defineEvaluationMeasures: a new version of an owner's measure set. */
  async defineMeasures(input: DefineMeasuresInput): Promise<MeasureSetRow> {
    const owner = input.owner;
    const lead = FIGURE_CATALOG.filter((m) => m.lead === owner).map((m) => m.field);
    if (owner !== GENERAL && !(isDepartmentCode(owner) && lead.length > 0)) {
      throw new BadUserInputError('input.owner', 'must be general or a department leading a module of the catalog');
    }
    if (!this.mayDefine(owner)) {
      throw new ForbiddenError(
        'Administrators define the general measures; a lead department its own (仅管理员或牵头部门可设置考核指标).',
      );
    }
    monthRange(input.validFrom, 'input.validFrom');
    const current = currentMonth(this.now);
    if (input.validFrom < current) {
      throw new BadUserInputError('input.validFrom', `must not be before the current month ${current}`);
    }
    const reported = await this.store.reportedSince(input.validFrom);
    if (reported) throw new ConflictError(`The month ${reported} has been reported with the measures it had (已通报).`);
    if (input.measures.length > 30) throw new BadUserInputError('input.measures', 'at most 30 measures');
    const keys = new Set<string>();
    const measures = input.measures.map((m, i) => {
      const at = `input.measures.${i}`;
      if (!KEY.test(m.key)) throw new BadUserInputError(`${at}.key`, 'must be letters, digits and dots, up to 40');
      if (keys.has(m.key)) throw new BadUserInputError(`${at}.key`, 'is used twice');
      keys.add(m.key);
      if (m.label != null && (m.label.trim() === '' || m.label.length > 60)) {
        throw new BadUserInputError(`${at}.label`, 'must be 1 to 60 characters');
      }
      const checkPath = (path: string, field: string, scored: boolean) => {
        const found = catalogFigure(path);
        if (!found) throw new BadUserInputError(field, `unknown figure ${path}`);
        if (scored && !found.figure.direction) throw new BadUserInputError(field, `${path} is a base, not a measure`);
        if (owner !== GENERAL && found.module.lead !== owner) {
          throw new BadUserInputError(field, `${path} is not of a module ${owner} leads (${lead.join(', ')})`);
        }
      };
      checkPath(m.figure, `${at}.figure`, true);
      if ((m.per?.length ?? 0) > 5) throw new BadUserInputError(`${at}.per`, 'at most 5 figures');
      m.per?.forEach((p, j) => checkPath(p, `${at}.per.${j}`, false));
      if (!Number.isFinite(m.weight) || m.weight <= 0 || m.weight > 1000) {
        throw new BadUserInputError(`${at}.weight`, 'must be more than 0 and at most 1000');
      }
      if (m.unitKinds?.some((k) => !UNIT_KINDS.includes(k))) {
        throw new BadUserInputError(`${at}.unitKinds`, 'must be DEPARTMENT or COUNTY');
      }
      return measureOf(owner, m);
    });
    let settings: EvaluationSettings | null = null;
    if (owner === GENERAL) {
      settings = input.settings ?? planMonth(await this.store.measureSets(), input.validFrom).settings;
      intIn(settings.bottomDepartments, 0, 7, 'input.settings.bottomDepartments');
      intIn(settings.bottomCounties, 0, 12, 'input.settings.bottomCounties');
      intIn(settings.consecutiveMonths, 1, MAX_CONSECUTIVE_MONTHS, 'input.settings.consecutiveMonths');
      intIn(settings.rectificationWorkingDays, 1, 60, 'input.settings.rectificationWorkingDays');
      settings = {
        bottomDepartments: settings.bottomDepartments,
        bottomCounties: settings.bottomCounties,
        consecutiveMonths: settings.consecutiveMonths,
        rectificationWorkingDays: settings.rectificationWorkingDays,
      };
    } else if (input.settings) {
      throw new BadUserInputError('input.settings', 'only the general measure set has settings');
    }
    if (input.note != null && input.note.length > 500)
      throw new BadUserInputError('input.note', 'at most 500 characters');
    return this.store.insertMeasureSet({
      owner,
      validFrom: input.validFrom,
      measures,
      settings,
      note: input.note ?? null,
      definedBy: this.principal.sub ?? 'unknown',
      definedAt: this.now,
    });
  }

  /** generateEvaluationReport: reads the figures through the graph, then stores the report. */
  async generate(month: string, options: { newVersion?: boolean | null; reason?: string | null }): Promise<ReportRow> {
    if (this.principal.role !== 'admin')
      throw new ForbiddenError('Only administrators generate reports (仅管理员可生成).');
    monthRange(month);
    if (month >= currentMonth(this.now)) throw new BadUserInputError('month', 'must be a month that has ended');
    const reason = options.reason?.trim() || null;
    if (reason && reason.length > 500) throw new BadUserInputError('reason', 'at most 500 characters');
    const existing = await this.store.report(month);
    if (existing && !options.newVersion) {
      throw new ConflictError(
        `The report of ${month} exists (version ${existing.version}); ask for a new version with a reason (已生成).`,
        { reportId: existing.id },
      );
    }
    if (existing && !reason) throw new BadUserInputError('reason', 'a new version needs a reason');
    const row = await generateReport(this.db, this.source, month, {
      version: (existing?.version ?? 0) + 1,
      trigger: 'DEMAND',
      reason,
      generatedBy: this.principal.sub ?? 'admin',
      generatedAt: this.now,
    });
    if (!row) throw new ConflictError(`The report of ${month} was generated meanwhile (已生成).`);
    return row;
  }

  /** evaluationReport: a month's report, its latest version unless one is asked; null when none. */
  async report(month: string, version?: number | null): Promise<ReportRow | null> {
    this.assertReader();
    monthRange(month);
    if (version != null && (!Number.isInteger(version) || version < 1)) {
      throw new BadUserInputError('version', 'must be a positive whole number');
    }
    return this.store.report(month, version ?? undefined);
  }

  /** The latest version of each reported month from `from` to `to`. */
  async history(from: string, to: string): Promise<ReportRow[]> {
    const latest = new Map<string, ReportRow>();
    for (const r of await this.store.reports(from, to)) if (!latest.has(r.month)) latest.set(r.month, r);
    return [...latest.values()];
  }

  /** evaluationReports: the latest version of each month reported, over at most 24 months up to `to`. */
  async reports(from: string, to: string): Promise<ReportRow[]> {
    this.assertReader();
    monthRange(from, 'from');
    monthRange(to, 'to');
    if (from > to) throw new BadUserInputError('from', 'must not be after to');
    let span = 0;
    for (let m = to; m > from; m = previousMonth(m))
      if (++span >= 24) throw new BadUserInputError('from', 'at most 24 months');
    return this.history(from, to);
  }
}

export type { ReportRow, MeasureSetRow };
export type { ReportResults };
