/**
 * Deadlines of statistical reports (报送时限): the reporting calendar (defaults and the bureau's entries), who had to
 * file what and whether it came in on time, late or not at all, and the monthly figures for the evaluation.
 */
import type { Database } from '@qq/db/client';
import { STATISTICAL_FORMS, type StatisticalFormDefinition } from '@qq/db/schema/statistics';
import {
  BadUserInputError,
  CITY_CODE,
  endOfChinaDay,
  ForbiddenError,
  inTransaction,
  readCountyFilter,
  type Principal,
} from '@qq/kit';
import type { CalendarRow, ComplianceStore, ObligationRow } from '../store/compliance.store.ts';
import { requireTotalsReader } from './access.ts';
import { defaultEntry, periodsOfYear, previousMonth, type CalendarEntry } from './calendar.ts';
import { fitsFrequency, formByCode } from './forms.ts';
import * as valid from './validation.ts';

export type FilingStatus = 'ON_TIME' | 'LATE' | 'MISSING' | 'PENDING';

export interface Obligation extends ObligationRow {
  formCode: string;
  period: string;
  dueOn: string;
  filing: FilingStatus;
  /** Whole days after the deadline day (late: when filed; missing: until now). */
  daysLate: number | null;
}

export interface StatisticsFigures {
  month: string;
  due: number;
  onTime: number;
  late: number;
  missing: number;
  pending: number;
}

const DAY_MS = 86_400_000;

/** The reporting calendar entry of each (form, period): the bureau's row, else the default rule. */
export async function calendarEntries(
  store: ComplianceStore,
  pairs: ReadonlyArray<{ form: StatisticalFormDefinition; period: string }>,
): Promise<CalendarEntry[]> {
  const rows = await store.overrides(
    [...new Set(pairs.map((p) => p.form.code))],
    [...new Set(pairs.map((p) => p.period))],
  );
  const byKey = new Map(rows.map((r) => [`${r.formCode}|${r.period}`, r]));
  return pairs.map(({ form, period }) => {
    const row = byKey.get(`${form.code}|${period}`);
    return row ? fromRow(row) : defaultEntry(form, period);
  });
}

function fromRow(row: CalendarRow): CalendarEntry {
  return {
    formCode: row.formCode,
    period: row.period,
    opensOn: row.opensOn,
    dueOn: row.dueOn,
    exempt: row.exempt,
    custom: true,
  };
}

/** Classifies one obligation at `now`. */
export function classify(row: ObligationRow, entry: CalendarEntry, now: Date): Obligation {
  const deadline = endOfChinaDay(entry.dueOn);
  const base = { ...row, formCode: entry.formCode, period: entry.period, dueOn: entry.dueOn };
  const daysAfter = (at: Date) => Math.max(1, Math.ceil((at.getTime() - deadline.getTime()) / DAY_MS));
  if (row.firstSubmittedAt) {
    return row.firstSubmittedAt <= deadline
      ? { ...base, filing: 'ON_TIME', daysLate: null }
      : { ...base, filing: 'LATE', daysLate: daysAfter(row.firstSubmittedAt) };
  }
  return now > deadline
    ? { ...base, filing: 'MISSING', daysLate: daysAfter(now) }
    : { ...base, filing: 'PENDING', daysLate: null };
}

/** The (form, period) pairs whose deadline falls in `month` (YYYY-MM), exempt ones left out. */
export async function dueInMonth(store: ComplianceStore, month: string): Promise<CalendarEntry[]> {
  const candidates: Array<{ form: StatisticalFormDefinition; period: string }> = [];
  let period = month;
  for (let back = 0; back < 4; back++) {
    period = previousMonth(period);
    for (const form of STATISTICAL_FORMS) {
      if (fitsFrequency(period, form.frequency)) candidates.push({ form, period });
    }
  }
  const entries = await calendarEntries(store, candidates);
  return entries.filter((e) => !e.exempt && e.dueOn.startsWith(month));
}

export class ComplianceService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: ComplianceStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The calendar of a year (public): every form and period, defaults merged with the bureau's entries. */
  async calendar(year: number, formCode: string | null | undefined): Promise<CalendarEntry[]> {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new BadUserInputError('year', 'must be 2000–2100');
    const code = valid.formCode(formCode, 'formCode');
    const forms = code ? [formByCode(code)!] : STATISTICAL_FORMS;
    return calendarEntries(
      this.store,
      forms.flatMap((form) => periodsOfYear(form, year).map((period) => ({ form, period }))),
    );
  }

  /** 统计局 city-wide staff set one entry of the calendar. */
  async setEntry(input: {
    formCode: string;
    period: string;
    opensOn: string;
    dueOn: string;
    exempt?: boolean | null;
  }): Promise<CalendarEntry> {
    const p = this.principal;
    if (!(p.role === 'staff' && p.dept === 'stats' && p.county === CITY_CODE)) {
      throw new ForbiddenError('Only 市统计局 city staff edit the reporting calendar (无权修改报表日历).');
    }
    const form = formByCode(input.formCode);
    if (!form) throw new BadUserInputError('input.formCode', 'is not a form the platform collects');
    const period = valid.period(input.period, 'input.period')!;
    if (!fitsFrequency(period, form.frequency)) {
      throw new BadUserInputError('input.period', `form ${form.code} is quarterly: use 03, 06, 09 or 12`);
    }
    const opensOn = valid.day(input.opensOn, 'input.opensOn')!;
    const dueOn = valid.day(input.dueOn, 'input.dueOn')!;
    const { last } = { last: `${period}-28` };
    if (opensOn < last.slice(0, 7)) throw new BadUserInputError('input.opensOn', 'must not be before the period');
    if (dueOn < opensOn) throw new BadUserInputError('input.dueOn', 'must not be before opensOn');
    const row = await inTransaction(this.db, (tx) =>
      this.store.upsert(tx, {
        formCode: form.code,
        period,
        opensOn,
        dueOn,
        exempt: input.exempt ?? false,
        setBy: p.sub ?? 'staff',
      }),
    );
    return fromRow(row);
  }

  /**
   * Who had to file a form for a period and how they did, in the caller's scope (lead staff: their county; admins:
   * their county scope; analysts: all), optionally only one status, county or department.
   */
  async obligations(args: {
    formCode: string;
    period: string;
    status?: FilingStatus | null;
    countyCode?: string | null;
    departmentCode?: string | null;
  }): Promise<Obligation[]> {
    requireTotalsReader(this.principal);
    const form = formByCode(args.formCode);
    if (!form) throw new BadUserInputError('formCode', 'is not a form the platform collects');
    const period = valid.period(args.period, 'period')!;
    if (!fitsFrequency(period, form.frequency)) {
      throw new BadUserInputError('period', `form ${form.code} is quarterly: use 03, 06, 09 or 12`);
    }
    const countyCode = readCountyFilter(args.countyCode, 'countyCode');
    if (args.departmentCode && !['stats', 'miit'].includes(args.departmentCode)) {
      throw new BadUserInputError('departmentCode', 'must be stats or miit');
    }
    const [entry] = await calendarEntries(this.store, [{ form, period }]);
    if (entry!.exempt) return [];
    const rows = await this.store.obligations(form, period, { countyCode, departmentCode: args.departmentCode });
    const now = this.now();
    return rows.map((r) => classify(r, entry!, now)).filter((o) => !args.status || o.filing === args.status);
  }
}

/** Monthly figures per county and per department from the obligations due in `month`, as of `now`. */
export async function figuresOfMonth(store: ComplianceStore, month: string, now: Date) {
  const byCounty = new Map<string, StatisticsFigures>();
  const byDepartment = new Map<string, StatisticsFigures>();
  const empty = (): StatisticsFigures => ({ month, due: 0, onTime: 0, late: 0, missing: 0, pending: 0 });
  const add = (map: Map<string, StatisticsFigures>, key: string, o: Obligation) => {
    const f = map.get(key) ?? empty();
    f.due++;
    if (o.filing === 'ON_TIME') f.onTime++;
    else if (o.filing === 'LATE') f.late++;
    else if (o.filing === 'MISSING') f.missing++;
    else f.pending++;
    map.set(key, f);
  };
  for (const entry of await dueInMonth(store, month)) {
    const form = formByCode(entry.formCode)!;
    for (const row of await store.obligations(form, entry.period)) {
      const o = classify(row, entry, now);
      add(byCounty, o.countyCode, o);
      add(byCounty, CITY_CODE, o);
      add(byDepartment, o.departmentCode, o);
    }
  }
  return { byCounty, byDepartment, empty };
}
