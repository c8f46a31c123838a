/**
 * The working-day calendar lives in `@qq/db` (the demo seed computes deadlines too); it is the kit's calendar for
 * every subgraph. Its data is the `platform.calendar_days` table: city administrators set each year's holidays and
 * make-up working days there, and every subgraph process reloads it through `CalendarCache` (at start, every minute,
 * and at once after a change made in the same process). Deadlines already computed are stored and never move.
 */
import type { Database } from '@qq/db/client';
import { calendarOf, useCalendar, workdayCalendar, type Calendar, type CalendarDay } from '@qq/db/calendar';
import { calendarDays } from '@qq/db/schema/platform';

export * from '@qq/db/calendar';

export class CalendarCache {
  private timer: NodeJS.Timeout | null = null;
  private users = 0;

  constructor(
    private readonly db: Database,
    private readonly refreshMs = Number(process.env.CALENDAR_REFRESH_MS ?? 60_000),
  ) {}

  /** Loads the table and makes it the calendar of this process. */
  async refresh(): Promise<Calendar> {
    const rows = await this.db.select({ day: calendarDays.day, kind: calendarDays.kind }).from(calendarDays);
    const calendar = calendarOf(rows as CalendarDay[]);
    useCalendar(calendar);
    return calendar;
  }

  /** Loads now and then every `refreshMs`; a failed reload keeps the calendar it had and says why. */
  async start(): Promise<void> {
    this.users++;
    try {
      await this.refresh();
    } catch (error) {
      console.warn(`[calendar] could not load the working-day calendar table: ${(error as Error).message}`);
    }
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.refresh().catch((error: Error) => console.warn(`[calendar] reload failed: ${error.message}`));
    }, this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (--this.users > 0) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Whether next year's calendar is missing, from 1 November (China time) of the current year. */
export function nextYearCalendarMissing(calendar: Calendar, now: Date = new Date()): boolean {
  const cst = new Date(now.getTime() + 8 * 3600_000);
  if (cst.getUTCMonth() < 10) return false;
  return !calendar.knownYears.includes(cst.getUTCFullYear() + 1);
}

/** What `/health` says about the calendar: from 1 November, whether next year's is missing. */
export function calendarWarnings(now: Date = new Date()): string[] {
  const calendar = workdayCalendar();
  if (!nextYearCalendarMissing(calendar, now)) return [];
  const next = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear() + 1;
  return [
    `The working-day calendar of ${next} is missing: deadlines after 31 December would count weekends only. ` +
      `A city administrator sets it with setWorkdayCalendar (${next}年节假日安排未录入).`,
  ];
}
