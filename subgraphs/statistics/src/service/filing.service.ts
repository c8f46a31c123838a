/**
 * Filing a statistical report (数据报送), the first step of the reporting workflow: validation, the register check, the
 * version rule, and the change, its event and its notification written in one transaction.
 *
 * The version rule: the first filing of a form for a period is version 1. A later filing is a correction (更正): the
 * next version, allowed once the current one has been reviewed (accepted or returned); while the current version is
 * still waiting for review the filing is refused with CONFLICT, so a reviewer never reviews a version that has been
 * replaced under them (the enterprise asks for it to be returned instead). A current draft is submitted in place.
 */
import type { Database } from '@qq/db/client';
import { supervisingDepartment } from '@qq/db/schema/statistics';
import {
  BadUserInputError,
  chinaDay,
  CodedError,
  ConflictError,
  eventValues,
  inTransaction,
  isUniqueViolation,
  parseInput,
  type Principal,
  type Tx,
} from '@qq/kit';
import { z } from 'zod';
import { uuidv7 } from '../ids.ts';
import type { RegisterStore } from '../store/register.store.ts';
import type { ReportRow, ReportStore } from '../store/reports.store.ts';
import { requireEnterpriseUser } from './access.ts';
import { fitsFrequency, formByCode, PERIOD_PATTERN, periodDays } from './forms.ts';
import { reportWorkflow } from './report.workflow.ts';

export const SUBMITTED_TOPIC = 'notify.report.submitted';

const MAX_AMOUNT = 1e13;

const amount = z
  .number()
  .refine(Number.isFinite, 'must be a number')
  .min(0, 'must not be negative')
  .max(MAX_AMOUNT, 'is too large')
  .refine((v) => Math.round(v * 100) / 100 === v, 'has at most two decimals (千元)');

const inputSchema = z.object({
  formCode: z.string().refine((c) => formByCode(c) !== undefined, 'is not a form the platform collects'),
  period: z.string().regex(PERIOD_PATTERN, 'must be a month, YYYY-MM'),
  revenue: amount.nullish(),
  outputValue: amount.nullish(),
  employees: z.number().int('must be a whole number').min(0, 'must not be negative').max(10_000_000).nullish(),
  preparer: z
    .string()
    .trim()
    .refine((s) => [...s].length >= 2 && [...s].length <= 20, 'must be 2–20 characters')
    .nullish(),
  preparerPhone: z
    .string()
    .trim()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, 'must be a mobile number or a landline such as 0375-2345678')
    .nullish(),
});

export type SubmitInput = z.input<typeof inputSchema>;
type Parsed = z.output<typeof inputSchema>;

const FIGURE_FIELDS = ['revenue', 'outputValue', 'employees'] as const;

/** Parses and checks the input against its form and the calendar; every failure names its field. */
export function parseSubmitInput(input: SubmitInput, now: Date) {
  const value: Parsed = parseInput(inputSchema, input, 'input');
  const form = formByCode(value.formCode)!;
  const thisMonth = chinaDay(now).slice(0, 7);
  if (value.period < '2000-01') throw new BadUserInputError('input.period', 'is before 2000');
  if (value.period > thisMonth) throw new BadUserInputError('input.period', `is in the future (now ${thisMonth})`);
  if (!fitsFrequency(value.period, form.frequency)) {
    throw new BadUserInputError('input.period', `form ${form.code} is quarterly: use 03, 06, 09 or 12`);
  }
  for (const field of FIGURE_FIELDS) {
    const carried = form.figures.includes(field);
    const given = value[field] !== null && value[field] !== undefined;
    if (carried && !given) throw new BadUserInputError(`input.${field}`, `is required on form ${form.code}`);
    if (!carried && given) throw new BadUserInputError(`input.${field}`, `is not reported on form ${form.code}`);
  }
  return { ...value, form };
}

export class FilingService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly reports: ReportStore,
    private readonly register: RegisterStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async submit(input: SubmitInput): Promise<ReportRow> {
    const enterpriseCode = requireEnterpriseUser(this.principal);
    const now = this.now();
    const value = parseSubmitInput(input, now);
    const { form } = value;
    try {
      return await inTransaction(this.db, async (tx) => {
        const { first, last } = periodDays(value.period);
        const records = await this.register.forFiling(tx, enterpriseCode, form.categories, first, last);
        // The category the report counts under: the form's first category the enterprise is registered in.
        const category = form.categories.find((c) => records.some((r) => r.category === c));
        const record = records.find((r) => r.category === category);
        if (!category || !record) {
          throw new ConflictError(
            `The enterprise is not in the 四上 register for form ${form.code} in ${value.period} (不在四上企业名录中).`,
            { reason: 'NOT_IN_REGISTER' },
          );
        }
        const figures = {
          revenue: value.revenue ?? null,
          outputValue: value.outputValue ?? null,
          employees: value.employees ?? null,
          preparerName: value.preparer ?? null,
          preparerPhone: value.preparerPhone ?? null,
        };
        const unit = { departmentCode: supervisingDepartment(category), countyCode: record.countyCode };
        const current = await this.reports.lockCurrent(tx, enterpriseCode, form.code, value.period);

        let row: ReportRow;
        if (current?.status === 'DRAFT') {
          const to = reportWorkflow.next('DRAFT', 'submit', this.principal, current);
          row = await this.reports.update(tx, current.id, {
            ...figures,
            ...unit,
            category,
            status: to,
            submittedAt: now,
          });
          await this.event(tx, row, 'DRAFT', { version: row.version });
        } else {
          if (current) await this.supersede(tx, current);
          const to = reportWorkflow.next(null, 'submit', this.principal, undefined);
          row = await this.reports.insert(tx, {
            id: uuidv7(now.getTime()),
            enterpriseCode,
            formCode: form.code,
            category,
            period: value.period,
            version: (current?.version ?? 0) + 1,
            current: true,
            status: to,
            ...figures,
            ...unit,
            submittedAt: now,
          });
          await this.event(tx, row, null, { version: row.version, corrects: current?.id ?? null });
        }
        await this.reports.insertOutbox(tx, {
          topic: SUBMITTED_TOPIC,
          idempotencyKey: `${SUBMITTED_TOPIC}:${row.id}`,
          payload: {
            reportId: row.id,
            enterpriseCode,
            formCode: row.formCode,
            period: row.period,
            version: row.version,
            correction: row.version > 1,
            departmentCode: row.departmentCode,
            countyCode: row.countyCode,
          },
        });
        return row;
      });
    } catch (error) {
      if (error instanceof CodedError) throw error;
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `Another filing of form ${form.code} for ${value.period} was made at the same time; reload and retry (并发报送).`,
          { reason: 'CONCURRENT_FILING' },
        );
      }
      throw error;
    }
  }

  /** A correction: the current version stays as reviewed and is no longer current. */
  private async supersede(tx: Tx, current: ReportRow): Promise<void> {
    let to;
    try {
      to = reportWorkflow.next(current.status, 'correct', this.principal, current);
    } catch (error) {
      if (error instanceof ConflictError && current.status === 'SUBMITTED') {
        throw new ConflictError(
          `Version ${current.version} of form ${current.formCode} for ${current.period} is waiting for review; ` +
            'a correction can be filed once it is accepted or returned (报表待审核，暂不能更正).',
          { reason: 'AWAITING_REVIEW', reportId: current.id },
        );
      }
      throw error;
    }
    if (!(await this.reports.supersede(tx, current.id))) {
      throw new ConflictError('The report was changed meanwhile; reload and retry (并发报送).', {
        reason: 'CONCURRENT_FILING',
      });
    }
    await this.reports.insertEvent(
      tx,
      eventValues(this.principal, {
        subjectId: current.id,
        action: 'correct',
        fromStatus: current.status,
        toStatus: to,
        note: `由第 ${current.version + 1} 版更正`,
        data: { supersededByVersion: current.version + 1 },
      }),
    );
  }

  private async event(tx: Tx, row: ReportRow, from: ReportRow['status'] | null, data: Record<string, unknown>) {
    await this.reports.insertEvent(
      tx,
      eventValues(this.principal, {
        subjectId: row.id,
        action: 'submit',
        fromStatus: from,
        toStatus: row.status,
        data: { formCode: row.formCode, period: row.period, ...data },
      }),
    );
  }
}
