/** Scheduled checks of the platform subgraph. */
import { CITY_CODE, daySlot, defineJob, enqueueMessages, nextYearCalendarMissing, calendarOf } from '@qq/kit';
import { calendarDays, outbox } from '@qq/db/schema/platform';
import { messages } from './messages.ts';
import { facilitationJobs } from './facilitation.jobs.ts';
import { evaluationJobs } from './evaluation/jobs.ts';

/**
 * From 1 November, every morning while next year's holidays are not set, tells the city's Big Data Bureau (in-app,
 * to its administrators and staff) that the calendar must be loaded. Once a day at most: the message's key is the day.
 */
export const calendarCheck = defineJob({
  name: 'platform.calendar-check',
  description: "Reminds the city's administrators, from 1 November, that next year's working-day calendar is missing.",
  cron: '0 9 * * *',
  slot: daySlot,
  async run({ db, now }) {
    const years = await db.selectDistinct({ year: calendarDays.year }).from(calendarDays);
    const calendar = calendarOf(
      [],
      years.map((y) => y.year),
    );
    if (!nextYearCalendarMissing(calendar, now)) return { reminded: false };
    const year = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear() + 1;
    await enqueueMessages(db, outbox, [
      {
        topic: 'calendar.missing',
        idempotencyKey: `calendar.missing:${year}:${daySlot(now)}`,
        countyCode: CITY_CODE,
        channel: 'inbox',
        to: { dept: 'bigdata', county: CITY_CODE },
        ...messages.render('calendar.missing', { year }),
        data: { year },
      },
    ]);
    return { reminded: true, year };
  },
});

export const jobs = [calendarCheck, ...facilitationJobs, ...evaluationJobs];
