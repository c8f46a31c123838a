/**
 * The working-day calendar (工作日) of China: weekends off, official holidays off, make-up working days (调休上班)
 * worked. Loaded from `data/cn-workday-calendar-2025-2026.csv`, a copy of the checked reference data in
 * `shared/data/`. Every working-day deadline (the 13710 clock, redemption time limits, transfer windows) counts on it.
 * Days are calendar days in China Standard Time (UTC+8, no daylight saving).
 */
import { readFileSync } from 'node:fs';

export const CALENDAR_FILE = new URL('../data/cn-workday-calendar-2025-2026.csv', import.meta.url);

export interface Calendar {
  /** First and last year the calendar knows; outside them only weekends count as days off. */
  years: [number, number];
  /** Every year with its holidays set, ascending. */
  knownYears: readonly number[];
  isWorkingDay(day: string): boolean;
  /** The day `n` working days after `from` (the day itself not counted). `n = 0` is `from` or the next working day. */
  addWorkingDays(from: string, n: number): string;
  /** Working days after `from` up to and including `to`. */
  workingDaysBetween(from: string, to: string): number;
}

const CST_OFFSET_MS = 8 * 3600_000;

/** The calendar day (YYYY-MM-DD) of an instant in China Standard Time. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The end of a China calendar day (23:59:59.999 CST) as an instant: deadlines fall due then. */
export function endOfChinaDay(day: string): Date {
  return new Date(Date.parse(`${day}T23:59:59.999Z`) - CST_OFFSET_MS);
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** One special day: a `holiday` (off, even on a weekday) or a make-up `workday` (a weekend day worked). */
export interface CalendarDay {
  day: string;
  kind: 'holiday' | 'workday';
  name?: string | null;
}

export function parseCalendar(csv: string): Calendar {
  const days: CalendarDay[] = [];
  for (const line of csv.split(/\r?\n/).slice(1)) {
    const [date, kind, name] = line.split(',');
    if (!date || !kind) continue;
    if (kind !== 'holiday' && kind !== 'workday') throw new Error(`calendar: unknown kind ${kind} on ${date}`);
    days.push({ day: date, kind, name: name ?? null });
  }
  return calendarOf(days);
}

/**
 * A calendar from its special days. `years` are the years given (a year is known when it has at least one special
 * day: every year has holidays); outside them only weekends count as days off.
 */
export function calendarOf(days: readonly CalendarDay[], years?: readonly number[]): Calendar {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  let min = 9999;
  let max = 0;
  const known = new Set<number>(years ?? []);
  for (const { day: date, kind } of days) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`calendar: bad date ${date}`);
    if (kind === 'holiday') holidays.add(date);
    else workdays.add(date);
    const year = Number(date.slice(0, 4));
    known.add(year);
    min = Math.min(min, year);
    max = Math.max(max, year);
  }
  for (const year of years ?? []) {
    min = Math.min(min, year);
    max = Math.max(max, year);
  }
  const isWorkingDay = (day: string) => {
    if (holidays.has(day)) return false;
    if (workdays.has(day)) return true;
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6;
  };
  return {
    years: [min, max],
    knownYears: [...known].sort((a, b) => a - b),
    isWorkingDay,
    addWorkingDays(from, n) {
      if (!Number.isInteger(n) || n < 0) throw new Error('addWorkingDays: n must be a non-negative integer');
      let day = from;
      if (n === 0) {
        while (!isWorkingDay(day)) day = nextDay(day);
        return day;
      }
      let left = n;
      while (left > 0) {
        day = nextDay(day);
        if (isWorkingDay(day)) left--;
      }
      return day;
    },
    workingDaysBetween(from, to) {
      let count = 0;
      for (let day = nextDay(from); day <= to; day = nextDay(day)) if (isWorkingDay(day)) count++;
      return count;
    },
  };
}

let loaded: Calendar | null = null;
let current: Calendar | null = null;

/** The calendar of the reference data file, loaded once (the seed of the `platform.calendar_days` table). */
export function referenceCalendar(): Calendar {
  loaded ??= parseCalendar(readFileSync(CALENDAR_FILE, 'utf8'));
  return loaded;
}

/**
 * The calendar every deadline counts on: the one last loaded from the `platform.calendar_days` table (kit
 * `CalendarCache`), or the reference data file until then.
 */
export function workdayCalendar(): Calendar {
  return current ?? referenceCalendar();
}

/** Makes `calendar` the one `workdayCalendar()` returns (null: back to the reference file). */
export function useCalendar(calendar: Calendar | null): void {
  current = calendar;
}

/** The deadline `n` working days after an instant: the end of that China calendar day. */
export function workingDeadline(from: Date, n: number, calendar: Calendar = workdayCalendar()): Date {
  return endOfChinaDay(calendar.addWorkingDays(chinaDay(from), n));
}
