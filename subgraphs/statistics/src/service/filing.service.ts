/**
 * The data-reporting workflow's steps (数据报送与审核): drafts, submission, review (accept or return with reasons),
 * resubmission of a returned version and correction of an accepted one. Each step checks the caller first, runs the
 * transition table, and writes the change, its event rows and its messages (outbox) in one transaction.
 *
 * Versions: the first filing of a form for a period is version 1. A returned version is resubmitted and an accepted
 * one corrected as the next version (the earlier one keeps its state and its history, no longer current); a version
 * waiting for review is never replaced, so a reviewer never reviews a version that changed under them.
 */
import type { Database } from '@qq/db/client';
import {
  supervisingDepartment,
  type ReportFigure,
  type ReportWarning,
  type ReturnReason,
  type StatisticalFormDefinition,
} from '@qq/db/schema/statistics';
import {
  CodedError,
  ConflictError,
  eventValues,
  inTransaction,
  isUniqueViolation,
  isUuid,
  NotFoundError,
  type OutboundMessage,
  type Principal,
  type Tx,
} from '@qq/kit';
import { uuidv7 } from '../ids.ts';
import { messages } from '../messages.ts';
import { DerivationStore } from '../store/derivation.store.ts';
import type { RegisterStore } from '../store/register.store.ts';
import type { ReportRow, ReportStore } from '../store/reports.store.ts';
import { requireEnterpriseUser, requireReportReader } from './access.ts';
import { formByCode, periodDays } from './forms.ts';
import {
  checkFigures,
  checkFormAndPeriod,
  invalidInput,
  type CheckedFigures,
  type FiguresInput,
  type Problem,
  type ReportInput,
} from './report-input.ts';
import { reportWorkflow, type ReportAction } from './report.workflow.ts';
import { thresholdOf, thresholdsInForce } from './derivation.service.ts';

export interface ReturnReasonInput {
  figure?: string | null;
  text: string;
}

const FIGURE_ENUM_TO_NAME: Record<string, ReportFigure> = {
  REVENUE: 'revenue',
  MAIN_BUSINESS_REVENUE: 'mainBusinessRevenue',
  OUTPUT_VALUE: 'outputValue',
  EMPLOYEES: 'employees',
};

function lastYearPeriod(period: string): string {
  return `${Number(period.slice(0, 4)) - 1}${period.slice(4)}`;
}

function length(value: string): number {
  return [...value.trim()].length;
}

export class FilingService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly reports: ReportStore,
    private readonly register: RegisterStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** 暂存: saves a draft of a new report (types and ranges checked; required fields may wait). */
  async draft(input: ReportInput): Promise<ReportRow> {
    const enterpriseCode = requireEnterpriseUser(this.principal);
    const now = this.now();
    const problems: Problem[] = [];
    const form = checkFormAndPeriod(input, now, problems);
    const figures = form ? checkFigures(form, input, { draft: true }, problems) : null;
    if (problems.length > 0 || !form || !figures) throw invalidInput(problems);
    return this.guard(form, input.period, async (tx) => {
      const unit = await this.registered(tx, enterpriseCode, form, input.period);
      const current = await this.reports.lockCurrent(tx, enterpriseCode, form.code, input.period);
      if (current && current.status !== 'DRAFT') throw this.alreadyFiled(current);
      const to = reportWorkflow.next(current?.status ?? null, 'draft', this.principal, current ?? undefined);
      const row = current
        ? await this.reports.update(tx, current.id, { ...figures, ...unit, status: to })
        : await this.reports.insert(tx, {
            id: uuidv7(now.getTime()),
            enterpriseCode,
            formCode: form.code,
            period: input.period,
            version: 1,
            current: true,
            status: to,
            ...figures,
            ...unit,
          });
      await this.event(tx, row, 'draft', current?.status ?? null, row.status, null, { version: row.version });
      return row;
    });
  }

  /** 报送: submits a new report, or the caller's current draft of it, after every check. */
  async submit(input: ReportInput): Promise<ReportRow> {
    const enterpriseCode = requireEnterpriseUser(this.principal);
    const now = this.now();
    const problems: Problem[] = [];
    const form = checkFormAndPeriod(input, now, problems);
    const figures = form ? checkFigures(form, input, { draft: false }, problems) : null;
    if (problems.length > 0 || !form || !figures) throw invalidInput(problems);
    return this.guard(form, input.period, async (tx) => {
      const unit = await this.registered(tx, enterpriseCode, form, input.period);
      const current = await this.reports.lockCurrent(tx, enterpriseCode, form.code, input.period);
      if (current && current.status !== 'DRAFT') throw this.alreadyFiled(current);
      const to = reportWorkflow.next(current?.status ?? null, 'submit', this.principal, current ?? undefined);
      const warnings = await this.warnings(tx, enterpriseCode, form, input.period, figures);
      const values = { ...figures, ...unit, status: to, warnings, submittedAt: now };
      const row = current
        ? await this.reports.update(tx, current.id, values)
        : await this.reports.insert(tx, {
            id: uuidv7(now.getTime()),
            enterpriseCode,
            formCode: form.code,
            period: input.period,
            version: 1,
            current: true,
            ...values,
          });
      await this.event(tx, row, 'submit', current?.status ?? null, row.status, null, {
        version: row.version,
        warnings: warnings.length,
      });
      await this.reports.enqueue(tx, [this.submittedMessage(row)]);
      return row;
    });
  }

  /** 重报: files the next version of a returned report. */
  resubmit(id: string, input: FiguresInput): Promise<ReportRow> {
    return this.fileNext(id, 'resubmit', input, null);
  }

  /** 更正: files the next version of an accepted report, with the reason. */
  correct(id: string, input: FiguresInput, reason: string): Promise<ReportRow> {
    if (length(reason) < 2 || length(reason) > 500)
      throw invalidInput([{ field: 'reason', message: 'must be 2–500 characters' }]);
    return this.fileNext(id, 'correct', input, reason.trim());
  }

  /** 审核通过. */
  async accept(id: string, note: string | null | undefined): Promise<ReportRow> {
    const text = note?.trim() || null;
    if (text !== null && length(text) > 500)
      throw invalidInput([{ field: 'note', message: 'must be at most 500 characters' }]);
    return this.review(id, 'accept', async (tx, row, to, now) => {
      const updated = await this.reports.update(tx, row.id, { status: to, acceptedAt: now });
      await this.event(tx, updated, 'accept', row.status, to, text, { version: row.version });
      await this.reports.enqueue(tx, [
        {
          topic: 'report.accepted',
          idempotencyKey: `report.accepted:inbox:${row.id}`,
          countyCode: row.countyCode,
          channel: 'inbox',
          to: { enterprise: row.enterpriseCode },
          ...messages.render('report.accepted', { formCode: row.formCode, period: row.period }),
          data: { reportId: row.id },
        },
      ]);
      return updated;
    });
  }

  /** 退回: sends the report back with reasons, each optionally about one of the form's fields. */
  async return(id: string, reasons: readonly ReturnReasonInput[]): Promise<ReportRow> {
    const problems: Problem[] = [];
    if (reasons.length === 0 || reasons.length > 20) problems.push({ field: 'reasons', message: 'give 1–20 reasons' });
    reasons.forEach((r, i) => {
      if (length(r.text) < 2 || length(r.text) > 200) {
        problems.push({ field: `reasons.${i}.text`, message: 'must be 2–200 characters' });
      }
    });
    if (problems.length > 0) throw invalidInput(problems);
    return this.review(id, 'return', async (tx, row, to, now) => {
      const form = formByCode(row.formCode)!;
      const checked: ReturnReason[] = [];
      reasons.forEach((r, i) => {
        const field = r.figure ? (FIGURE_ENUM_TO_NAME[r.figure] ?? null) : null;
        if (r.figure && (!field || !form.fields.some((f) => f.name === field))) {
          problems.push({ field: `reasons.${i}.figure`, message: `is not a field of form ${form.code}` });
        }
        checked.push({ field, text: r.text.trim() });
      });
      if (problems.length > 0) throw invalidInput(problems);
      const updated = await this.reports.update(tx, row.id, { status: to, returnedAt: now, returnReasons: checked });
      const summary = checked.map((r) => r.text).join('；');
      await this.event(tx, updated, 'return', row.status, to, summary, { version: row.version, reasons: checked });
      const render = messages.render('report.returned', {
        formCode: row.formCode,
        period: row.period,
        reasons: summary,
      });
      const out: OutboundMessage[] = [
        {
          topic: 'report.returned',
          idempotencyKey: `report.returned:inbox:${row.id}`,
          countyCode: row.countyCode,
          channel: 'inbox',
          to: { enterprise: row.enterpriseCode },
          ...render,
          data: { reportId: row.id },
        },
      ];
      if (row.preparerPhone && /^1\d{10}$/.test(row.preparerPhone)) {
        out.push({
          topic: 'report.returned',
          idempotencyKey: `report.returned:sms:${row.id}`,
          countyCode: row.countyCode,
          channel: 'sms',
          phone: row.preparerPhone,
          ...render,
          data: { reportId: row.id },
        });
      }
      await this.reports.enqueue(tx, out);
      return updated;
    });
  }

  // Steps on an existing version.

  /** The version by id as the caller sees it: NOT_FOUND when missing or out of scope, exactly alike. */
  private async visible(id: string): Promise<ReportRow> {
    requireReportReader(this.principal);
    const row = isUuid(id) ? (await this.reports.findByIds([id.toLowerCase()]))[0] : undefined;
    if (!row) throw new NotFoundError('Statistical report', id);
    return row;
  }

  private async review(
    id: string,
    action: 'accept' | 'return',
    work: (tx: Tx, row: ReportRow, to: ReportRow['status'], now: Date) => Promise<ReportRow>,
  ): Promise<ReportRow> {
    const seen = await this.visible(id);
    const now = this.now();
    return inTransaction(this.db, async (tx) => {
      const row = (await this.reports.lockById(tx, seen.id))!;
      const to = reportWorkflow.next(row.status, action, this.principal, row);
      return work(tx, row, to, now);
    });
  }

  private async fileNext(
    id: string,
    action: Extract<ReportAction, 'resubmit' | 'correct'>,
    input: FiguresInput,
    reason: string | null,
  ): Promise<ReportRow> {
    const seen = await this.visible(id);
    const now = this.now();
    const form = formByCode(seen.formCode)!;
    return this.guard(form, seen.period, async (tx) => {
      const row = (await this.reports.lockById(tx, seen.id))!;
      if (!row.current) {
        throw new ConflictError(
          `Version ${row.version} has been replaced by a later version; act on the current one (已有更新版本).`,
          { reason: 'NOT_CURRENT', reportId: row.id },
        );
      }
      const from = reportWorkflow.next(row.status, action, this.principal, row);
      const problems: Problem[] = [];
      const figures = checkFigures(form, input, { draft: false }, problems);
      if (problems.length > 0) throw invalidInput(problems);
      const warnings = await this.warnings(tx, row.enterpriseCode, form, row.period, figures);
      if (!(await this.reports.supersede(tx, row.id))) {
        throw new ConflictError('The report was changed meanwhile; reload and retry (并发报送).', {
          reason: 'CONCURRENT_FILING',
        });
      }
      const version = row.version + 1;
      const label = action === 'resubmit' ? '重报' : '更正';
      await this.event(tx, row, action, row.status, from, `由第 ${version} 版${label}`, {
        supersededByVersion: version,
      });
      const next = await this.reports.insert(tx, {
        id: uuidv7(now.getTime()),
        enterpriseCode: row.enterpriseCode,
        formCode: row.formCode,
        category: row.category,
        period: row.period,
        version,
        current: true,
        status: 'SUBMITTED',
        ...figures,
        departmentCode: row.departmentCode,
        countyCode: row.countyCode,
        warnings,
        correctionReason: reason,
        submittedAt: now,
      });
      await this.event(tx, next, 'submit', null, 'SUBMITTED', reason, {
        version,
        replaces: row.id,
        as: action,
        warnings: warnings.length,
      });
      await this.reports.enqueue(tx, [this.submittedMessage(next)]);
      return next;
    });
  }

  // Shared checks.

  /** The register record the report counts under; CONFLICT when the enterprise is not in the register for the form. */
  private async registered(tx: Tx, enterpriseCode: string, form: StatisticalFormDefinition, period: string) {
    const { first, last } = periodDays(period);
    const records = await this.register.forFiling(tx, enterpriseCode, form.categories, first, last);
    // The category the report counts under: the form's first category the enterprise is registered in.
    const category = form.categories.find((c) => records.some((r) => r.category === c));
    const record = records.find((r) => r.category === category);
    if (!category || !record) {
      // A statistical unit below the thresholds may file the form of its industry's category voluntarily (规下单位自愿
      // 报送), so that its accepted figures can bring it into the register at the next derivation.
      const derivation = new DerivationStore(tx, null);
      const unit = await derivation.unit(tx, enterpriseCode);
      const threshold = unit
        ? thresholdOf(thresholdsInForce(await derivation.thresholdsUpTo(last), last), unit.industryCode)
        : null;
      if (unit && threshold && form.categories.includes(threshold.category)) {
        return {
          category: threshold.category,
          departmentCode: supervisingDepartment(threshold.category),
          countyCode: unit.countyCode,
        };
      }
      throw new ConflictError(
        `The enterprise is not in the 四上 register for form ${form.code} in ${period} (不在四上企业名录中).`,
        { reason: 'NOT_IN_REGISTER' },
      );
    }
    return { category, departmentCode: supervisingDepartment(category), countyCode: record.countyCode };
  }

  /**
   * The form's warnings (e.g. revenue more than 50% away from the same period last year, accepted); when any is raised
   * the submission needs an explanation, else BAD_USER_INPUT on `input.explanation` with the warnings.
   */
  private async warnings(
    tx: Tx,
    enterpriseCode: string,
    form: StatisticalFormDefinition,
    period: string,
    figures: CheckedFigures,
  ): Promise<ReportWarning[]> {
    if (form.warnings.length === 0) return [];
    const previous = await this.reports.acceptedCurrent(tx, enterpriseCode, form.code, lastYearPeriod(period));
    const raised: ReportWarning[] = [];
    for (const w of form.warnings) {
      const value = figures[w.field];
      const reference = previous?.[w.field];
      if (value === null || reference === null || reference === undefined || reference <= 0) continue;
      const change = (value - reference) / reference;
      if (Math.abs(change) > w.threshold) {
        const pct = `${change > 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
        raised.push({
          code: 'YOY_DEVIATION',
          field: w.field,
          value,
          reference,
          message: `${form.fields.find((f) => f.name === w.field)?.label ?? w.field}比上年同期变化${pct}，超过${w.threshold * 100}%（上年同期 ${reference}）`,
        });
      }
    }
    if (raised.length > 0 && !figures.explanation) {
      throw new CodedError(
        'BAD_USER_INPUT',
        `input.explanation: the report raises ${raised.length} warning(s) and needs an explanation (请填写说明): ${raised
          .map((w) => w.message)
          .join('; ')}`,
        {
          field: 'input.explanation',
          problems: [{ field: 'input.explanation', message: 'is required: explain the warnings' }],
          warnings: raised.map((w) => ({ field: `input.${w.field}`, code: w.code, message: w.message })),
        },
      );
    }
    return raised;
  }

  private alreadyFiled(current: ReportRow): ConflictError {
    const next = current.status === 'RETURNED' ? 'resubmitStatisticalReport' : 'correctStatisticalReport';
    return current.status === 'SUBMITTED'
      ? new ConflictError(
          `Version ${current.version} of form ${current.formCode} for ${current.period} is waiting for review (报表待审核).`,
          { reason: 'AWAITING_REVIEW', reportId: current.id },
        )
      : new ConflictError(
          `Form ${current.formCode} for ${current.period} has been filed (version ${current.version}, ${current.status}); use ${next} (已报送).`,
          { reason: 'ALREADY_FILED', reportId: current.id, status: current.status },
        );
  }

  /** Runs a filing; a concurrent filing of the same form and period that won the unique index becomes CONFLICT. */
  private async guard<T>(form: StatisticalFormDefinition, period: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(this.db, work);
    } catch (error) {
      if (error instanceof CodedError) throw error;
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `Another filing of form ${form.code} for ${period} was made at the same time; reload and retry (并发报送).`,
          { reason: 'CONCURRENT_FILING' },
        );
      }
      throw error;
    }
  }

  private submittedMessage(row: ReportRow): OutboundMessage {
    return {
      topic: 'report.submitted',
      idempotencyKey: `report.submitted:inbox:${row.id}`,
      countyCode: row.countyCode,
      channel: 'inbox',
      to: { dept: row.departmentCode, county: row.countyCode },
      ...messages.render('report.submitted', { formCode: row.formCode, period: row.period, version: row.version }),
      data: { reportId: row.id, enterpriseCode: row.enterpriseCode },
    };
  }

  private async event(
    tx: Tx,
    row: ReportRow,
    action: ReportAction,
    from: ReportRow['status'] | null,
    to: ReportRow['status'],
    note: string | null,
    data: Record<string, unknown>,
  ) {
    await this.reports.insertEvent(
      tx,
      eventValues(this.principal, {
        subjectId: row.id,
        action,
        fromStatus: from,
        toStatus: to,
        note,
        data: { formCode: row.formCode, period: row.period, ...data },
      }),
    );
  }
}
