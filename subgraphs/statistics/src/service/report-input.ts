/**
 * Checking a report's input against its form (configuration in the db package): every field and every cross-field
 * rule at once, so the enterprise sees all its problems in one answer (`BAD_USER_INPUT` with `extensions.problems`,
 * each naming its field, and `extensions.field` the first of them).
 */
import { chinaDay, CodedError } from '@qq/kit';
import { REPORT_FIGURES, type ReportFigure, type StatisticalFormDefinition } from '@qq/db/schema/statistics';
import { fitsFrequency, formByCode, PERIOD_PATTERN } from './forms.ts';

/** The figures and particulars of a report, as the client sends them. */
export interface FiguresInput {
  revenue?: number | null;
  mainBusinessRevenue?: number | null;
  outputValue?: number | null;
  employees?: number | null;
  preparer?: string | null;
  preparerPhone?: string | null;
  explanation?: string | null;
}

/** A new report: its form and period too. */
export interface ReportInput extends FiguresInput {
  formCode: string;
  period: string;
}

export interface Problem {
  field: string;
  message: string;
}

/** The checked values, ready for the table. */
export interface CheckedFigures {
  revenue: number | null;
  mainBusinessRevenue: number | null;
  outputValue: number | null;
  employees: number | null;
  preparerName: string | null;
  preparerPhone: string | null;
  explanation: string | null;
}

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** BAD_USER_INPUT with every problem. */
export function invalidInput(problems: readonly Problem[]): CodedError {
  const summary = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return new CodedError('BAD_USER_INPUT', `${problems.length} problem(s) in the report (报表填报有误): ${summary}`, {
    field: problems[0]!.field,
    problems,
  });
}

/** The form and the period of a new report; problems are added to `problems`. */
export function checkFormAndPeriod(
  input: Pick<ReportInput, 'formCode' | 'period'>,
  now: Date,
  problems: Problem[],
): StatisticalFormDefinition | undefined {
  const form = formByCode(input.formCode);
  if (!form) problems.push({ field: 'input.formCode', message: 'is not a form the platform collects' });
  const thisMonth = chinaDay(now).slice(0, 7);
  if (!PERIOD_PATTERN.test(input.period)) {
    problems.push({ field: 'input.period', message: 'must be a month, YYYY-MM' });
  } else if (input.period < '2000-01') {
    problems.push({ field: 'input.period', message: 'is before 2000' });
  } else if (input.period > thisMonth) {
    problems.push({ field: 'input.period', message: `is in the future (now ${thisMonth})` });
  } else if (form && !fitsFrequency(input.period, form.frequency)) {
    problems.push({ field: 'input.period', message: `form ${form.code} is quarterly: use 03, 06, 09 or 12` });
  }
  return form;
}

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/**
 * Checks the figures against the form: types, units, ranges, required fields (not for drafts), figures the form does
 * not carry, and the cross-field rules; the particulars (填表人, 联系电话, required on submission) and the explanation.
 */
export function checkFigures(
  form: StatisticalFormDefinition,
  input: FiguresInput,
  options: { draft: boolean; prefix?: string },
  problems: Problem[],
): CheckedFigures {
  const prefix = options.prefix ?? 'input';
  const values: Record<ReportFigure, number | null> = {
    revenue: null,
    mainBusinessRevenue: null,
    outputValue: null,
    employees: null,
  };
  const valid = new Set<ReportFigure>();
  for (const name of REPORT_FIGURES) {
    const value = input[name];
    const given = value !== null && value !== undefined;
    const def = form.fields.find((f) => f.name === name);
    const field = `${prefix}.${name}`;
    if (!def) {
      if (given) problems.push({ field, message: `is not reported on form ${form.code}` });
      continue;
    }
    if (!given) {
      if (def.required && !options.draft) {
        problems.push({ field, message: `is required on form ${form.code} (${def.label}, ${def.unit})` });
      }
      continue;
    }
    if (!Number.isFinite(value)) {
      problems.push({ field, message: 'must be a number' });
    } else if (def.type === 'COUNT' && !Number.isInteger(value)) {
      problems.push({ field, message: `must be a whole number (${def.unit})` });
    } else if (def.type === 'AMOUNT' && Math.round(value * 100) / 100 !== value) {
      problems.push({ field, message: `has at most two decimals (${def.unit})` });
    } else if (value < def.min) {
      problems.push({ field, message: def.min === 0 ? 'must not be negative' : `must be at least ${def.min}` });
    } else if (value > def.max) {
      problems.push({ field, message: `is too large (at most ${def.max} ${def.unit})` });
    } else {
      values[name] = value;
      valid.add(name);
    }
  }
  for (const rule of form.rules) {
    if (rule.kind === 'NOT_ABOVE' && valid.has(rule.field) && valid.has(rule.total)) {
      if (values[rule.field]! > values[rule.total]!) {
        problems.push({ field: `${prefix}.${rule.field}`, message: `${rule.message} (${rule.field} ≤ ${rule.total})` });
      }
    }
  }
  const preparerName = text(input.preparer);
  if (preparerName === null) {
    if (!options.draft) problems.push({ field: `${prefix}.preparer`, message: 'is required (填表人)' });
  } else if ([...preparerName].length < 2 || [...preparerName].length > 20) {
    problems.push({ field: `${prefix}.preparer`, message: 'must be 2–20 characters' });
  }
  const preparerPhone = text(input.preparerPhone);
  if (preparerPhone === null) {
    if (!options.draft) problems.push({ field: `${prefix}.preparerPhone`, message: 'is required (联系电话)' });
  } else if (!PHONE.test(preparerPhone)) {
    problems.push({
      field: `${prefix}.preparerPhone`,
      message: 'must be a mobile number or a landline such as 0375-2345678',
    });
  }
  const explanation = text(input.explanation);
  if (explanation !== null && ([...explanation].length < 2 || [...explanation].length > 500)) {
    problems.push({ field: `${prefix}.explanation`, message: 'must be 2–500 characters' });
  }
  return { ...values, preparerName, preparerPhone, explanation };
}
