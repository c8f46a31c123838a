/** Every SQL statement on `platform.calendar_days` and `platform.calendar_changes`. */
import type { Database } from '@qq/db/client';
import { calendarChanges, calendarDays } from '@qq/db/schema/platform';
import type { Tx } from '@qq/kit';
import { asc, desc, eq } from 'drizzle-orm';

export type CalendarDayRow = typeof calendarDays.$inferSelect;
export type CalendarChangeRow = typeof calendarChanges.$inferSelect;

export class CalendarStore {
  constructor(private readonly db: Database | Tx) {}

  /** listCalendarDays: the special days of a year, or of every year. */
  days(year?: number): Promise<CalendarDayRow[]> {
    return this.db
      .select()
      .from(calendarDays)
      .where(year === undefined ? undefined : eq(calendarDays.year, year))
      .orderBy(asc(calendarDays.day));
  }

  /** listKnownYears */
  async knownYears(): Promise<number[]> {
    const rows = await this.db
      .selectDistinct({ year: calendarDays.year })
      .from(calendarDays)
      .orderBy(asc(calendarDays.year));
    return rows.map((r) => r.year);
  }

  /** replaceCalendarYear: the year's days become `days` (in the caller's transaction). */
  async replaceYear(year: number, days: Array<Omit<CalendarDayRow, 'year'>>): Promise<void> {
    await this.db.delete(calendarDays).where(eq(calendarDays.year, year));
    if (days.length) await this.db.insert(calendarDays).values(days.map((d) => ({ ...d, year })));
  }

  /** insertCalendarChange */
  async recordChange(values: typeof calendarChanges.$inferInsert): Promise<void> {
    await this.db.insert(calendarChanges).values(values);
  }

  /** listCalendarChanges: newest first. */
  changes(year: number): Promise<CalendarChangeRow[]> {
    return this.db
      .select()
      .from(calendarChanges)
      .where(eq(calendarChanges.year, year))
      .orderBy(desc(calendarChanges.id));
  }
}
