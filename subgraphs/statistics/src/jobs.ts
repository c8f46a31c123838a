/**
 * Scheduled checks of the statistics subgraph (kit job contract: a function of the database and `now`, run once per
 * slot; every message has an idempotency key, so nothing is sent twice):
 * - `statistics.remindDeadlines` (daily, 09:00 CST): on a working day when a form's deadline is at most three working
 *   days away, each enterprise that has not yet submitted it is reminded (`report.dueSoon`); from the day after the
 *   deadline (for a week, should a run be missed), each enterprise still missing is told it is overdue
 *   (`report.overdue`) and the reviewing unit gets the count of its missing reports (`report.overdueList`).
 * - `statistics.deriveRegister` (yearly, 1 March 06:00 CST, one slot per year): the proposed 四上 register changes of
 *   the year just ended (入库/退库候选), for staff to confirm or override.
 */
import { outbox } from '@qq/db/schema/statistics';
import {
  chinaDay,
  daySlot,
  defineJob,
  enqueueMessages,
  workdayCalendar,
  type OutboundMessage,
  type Principal,
} from '@qq/kit';
import { messages } from './messages.ts';
import { calendarEntries, classify } from './service/compliance.service.ts';
import { deriveRegister } from './service/derivation.service.ts';
import { fitsFrequency, formByCode, STATISTICAL_FORMS } from './service/forms.ts';
import { previousMonth } from './service/calendar.ts';
import { ComplianceStore } from './store/compliance.store.ts';

const DAY_MS = 86_400_000;

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export const remindDeadlines = defineJob({
  name: 'statistics.remindDeadlines',
  description:
    'Reminds enterprises of statistical reports due within three working days, and tells them and their reviewing units of reports missing after the deadline.',
  cron: '0 9 * * *',
  slot: daySlot,
  async run({ db, now }) {
    const today = chinaDay(now);
    const calendar = workdayCalendar();
    const store = new ComplianceStore(db, null);
    const pairs = [];
    let period = today.slice(0, 7);
    for (let back = 0; back < 4; back++) {
      period = previousMonth(period);
      for (const form of STATISTICAL_FORMS) if (fitsFrequency(period, form.frequency)) pairs.push({ form, period });
    }
    const entries = (await calendarEntries(store, pairs)).filter((e) => !e.exempt);
    const out: OutboundMessage[] = [];
    let dueSoon = 0;
    let overdue = 0;
    for (const entry of entries) {
      const soon =
        calendar.isWorkingDay(today) && entry.dueOn >= today && calendar.addWorkingDays(today, 3) >= entry.dueOn;
      const late = entry.dueOn < today && addDays(entry.dueOn, 7) >= today;
      if (!soon && !late) continue;
      const form = formByCode(entry.formCode)!;
      const units = new Map<string, { dept: string; county: string; count: number }>();
      for (const row of await store.obligations(form, entry.period)) {
        const o = classify(row, entry, now);
        const params = { formCode: form.code, formName: form.name, period: entry.period, dueOn: entry.dueOn };
        if (soon && o.filing === 'PENDING') {
          dueSoon++;
          out.push({
            topic: 'report.dueSoon',
            idempotencyKey: `report.dueSoon:inbox:${form.code}:${entry.period}:${o.enterpriseCode}`,
            countyCode: o.countyCode,
            channel: 'inbox',
            to: { enterprise: o.enterpriseCode },
            ...messages.render('report.dueSoon', params),
            data: { formCode: form.code, period: entry.period },
          });
        }
        if (late && o.filing === 'MISSING') {
          overdue++;
          out.push({
            topic: 'report.overdue',
            idempotencyKey: `report.overdue:inbox:${form.code}:${entry.period}:${o.enterpriseCode}`,
            countyCode: o.countyCode,
            channel: 'inbox',
            to: { enterprise: o.enterpriseCode },
            ...messages.render('report.overdue', params),
            data: { formCode: form.code, period: entry.period },
          });
          const key = `${o.departmentCode}|${o.countyCode}`;
          const unit = units.get(key) ?? { dept: o.departmentCode, county: o.countyCode, count: 0 };
          unit.count++;
          units.set(key, unit);
        }
      }
      for (const unit of units.values()) {
        out.push({
          topic: 'report.overdueList',
          idempotencyKey: `report.overdueList:inbox:${form.code}:${entry.period}:${unit.dept}:${unit.county}`,
          countyCode: unit.county,
          channel: 'inbox',
          to: { dept: unit.dept, county: unit.county },
          ...messages.render('report.overdueList', {
            formCode: form.code,
            period: entry.period,
            dueOn: entry.dueOn,
            count: unit.count,
          }),
          data: { formCode: form.code, period: entry.period },
        });
      }
    }
    await enqueueMessages(db, outbox, out);
    return { dueSoon, overdue };
  },
});

/** The job's caller in event rows. */
const DERIVATION_ACTOR = {
  role: 'system',
  sub: 'statistics.deriveRegister',
  dept: 'stats',
  county: '410400',
  enterprise: null,
  perms: [],
} as const satisfies Principal;

export const deriveAboveScaleRegister = defineJob({
  name: 'statistics.deriveRegister',
  description:
    'Once a year (1 March, when the December reports are in and reviewed), derives the proposed 四上 register changes of the year just ended from the accepted reports and the thresholds in force on its 31 December.',
  cron: '0 6 1 3 *',
  slot: (now) => daySlot(now).slice(0, 4),
  async run({ db, now }) {
    const year = Number(chinaDay(now).slice(0, 4)) - 1;
    return { ...(await deriveRegister(db, year, now, DERIVATION_ACTOR)) };
  },
});

export const jobs = [remindDeadlines, deriveAboveScaleRegister];
