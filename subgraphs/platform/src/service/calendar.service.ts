/**
 * The working-day calendar as data: a year's official holidays and make-up working days, set by city administrators
 * and read by every subgraph. A change replaces the year's special days in one transaction with a record of who
 * changed what, then reloads this process's calendar; other processes reload within a minute. Deadlines already
 * computed are stored with their records and never move.
 */
import type { Database } from '@qq/db/client';
import {
  BadUserInputError,
  calendarOf,
  CITY_CODE,
  ForbiddenError,
  inTransaction,
  nextYearCalendarMissing,
  parseInput,
  useCalendar,
  type CalendarDay,
  type Principal,
} from '@qq/kit';
import { z } from 'zod';
import { CalendarStore, type CalendarDayRow } from '../store/calendar.store.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const setInput = z.object({
  year: z.number().int().min(2020, 'must be from 2020 to 2100').max(2100, 'must be from 2020 to 2100'),
  days: z
    .array(
      z.object({
        date: z.string().regex(DATE, 'must be a date YYYY-MM-DD'),
        kind: z.enum(['HOLIDAY', 'WORKDAY']),
        name: z.string().trim().max(50, 'must be at most 50 characters').nullish(),
      }),
    )
    .min(1, 'must list the year’s special days')
    .max(100, 'must list at most 100 days'),
  reason: z.string().trim().min(1, 'must say why (e.g. the notice)').max(500, 'must be at most 500 characters'),
});

const dayOfWeek = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
const isRealDate = (day: string) => {
  const at = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day;
};

export interface CalendarYear {
  year: number;
  known: boolean;
  days: CalendarDayRow[];
  workingDayCount: number;
}

export class CalendarService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly now: Date,
  ) {}

  private readonly store = () => new CalendarStore(this.db);

  async year(year: number): Promise<CalendarYear | null> {
    if (!Number.isInteger(year) || year < 1900 || year > 2200) throw new BadUserInputError('year', 'is not a year');
    const days = await this.store().days(year);
    const calendar = calendarOf(days as CalendarDay[], [year]);
    let working = 0;
    for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
      if (calendar.isWorkingDay(d.toISOString().slice(0, 10))) working++;
    }
    return { year, known: days.length > 0, days, workingDayCount: working };
  }

  /** Who may read a year's change history: administrators. */
  async changes(year: number) {
    if (this.principal.role !== 'admin') return null;
    return this.store().changes(year);
  }

  async status() {
    if (this.principal.role !== 'admin') throw new ForbiddenError('Only administrators read the calendar status.');
    const knownYears = await this.store().knownYears();
    const calendar = calendarOf([], knownYears);
    const nextYear = new Date(this.now.getTime() + 8 * 3600_000).getUTCFullYear() + 1;
    const missing = nextYearCalendarMissing(calendar, this.now);
    return {
      knownYears,
      nextYear,
      nextYearMissing: missing,
      message: missing
        ? `${nextYear}年节假日安排未录入: set it with setWorkdayCalendar once the State Council's notice is out.`
        : null,
    };
  }

  async set(raw: unknown): Promise<CalendarYear> {
    if (this.principal.role !== 'admin' || this.principal.county !== CITY_CODE) {
      throw new ForbiddenError('Only city administrators (410400) set the working-day calendar.');
    }
    const input = parseInput(setInput, raw, 'input');
    const seen = new Set<string>();
    input.days.forEach((d, i) => {
      const field = `input.days.${i}.date`;
      if (!isRealDate(d.date)) throw new BadUserInputError(field, 'is not a calendar date');
      if (Number(d.date.slice(0, 4)) !== input.year) throw new BadUserInputError(field, `is not in ${input.year}`);
      if (seen.has(d.date)) throw new BadUserInputError(field, 'is listed twice');
      seen.add(d.date);
      const dow = dayOfWeek(d.date);
      if (d.kind === 'WORKDAY' && dow !== 0 && dow !== 6) {
        throw new BadUserInputError(`input.days.${i}.kind`, 'a make-up working day must be a Saturday or Sunday');
      }
    });
    if (!input.days.some((d) => d.kind === 'HOLIDAY')) {
      throw new BadUserInputError('input.days', 'must include the year’s holidays');
    }
    const after = input.days
      .map((d) => ({ day: d.date, kind: d.kind.toLowerCase(), name: d.name ?? null }))
      .sort((a, b) => a.day.localeCompare(b.day));
    await inTransaction(this.db, async (tx) => {
      const store = new CalendarStore(tx);
      const before = await store.days(input.year);
      await store.replaceYear(input.year, after);
      await store.recordChange({
        year: input.year,
        changedBy: this.principal.sub ?? 'unknown',
        changedAt: this.now,
        reason: input.reason,
        before: before.map(({ day, kind, name }) => ({ day, kind, name })),
        after,
      });
    });
    // This process counts on the new calendar at once; the others reload it within a minute.
    useCalendar(calendarOf((await this.store().days()) as CalendarDay[]));
    return (await this.year(input.year))!;
  }
}
