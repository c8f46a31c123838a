/** Scheduled checks of 企业便利化 (办业务): reminders before licences expire. */
import { outbox } from '@qq/db/schema/platform';
import { ANONYMOUS, chinaDay, CITY_CODE, daySlot, defineJob, enqueueMessages } from '@qq/kit';
import { facilitationMessages } from './facilitation.messages.ts';
import { CaseStore } from './store/cases.store.ts';

/** The China calendar day `n` days after `day`. */
function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Every morning, tells each enterprise (in-app) about its licences expiring within 30 days, and again within 7 days.
 * Each reminder is sent once: the licence records it (`reminded30At`, `reminded7At`) and the outbox key names the
 * licence and the window. A licence first seen within 7 days gets the 7-day reminder only.
 */
export const licenceReminders = defineJob({
  name: 'platform.licence-reminders',
  description: 'Reminds enterprises of licences and permits expiring within 30 and within 7 days, once each.',
  cron: '0 8 * * *',
  slot: daySlot,
  async run({ db, now }) {
    const today = chinaDay(now);
    const store = new CaseStore(db, ANONYMOUS);
    const due = await store.licencesToRemind(today, addDays(today, 30), addDays(today, 7));
    let sent = 0;
    for (const licence of due) {
      const window = licence.expiresOn <= addDays(today, 7) ? 7 : 30;
      await enqueueMessages(db, outbox, [
        {
          topic: 'licence.expiring',
          idempotencyKey: `licence.expiring:${licence.id}:${window}`,
          countyCode: licence.countyCode === CITY_CODE ? null : licence.countyCode,
          channel: 'inbox',
          to: { enterprise: licence.enterpriseCode },
          ...facilitationMessages.render('licence.expiring', {
            name: licence.name,
            number: licence.number,
            expiresOn: licence.expiresOn,
            days: window,
          }),
          data: { licenceId: licence.id, expiresOn: licence.expiresOn },
        },
      ]);
      await store.markReminded(licence.id, window, now);
      sent++;
    }
    return { reminded: sent };
  },
});

export const facilitationJobs = [licenceReminders];
