/**
 * Scheduled checks of the policies subgraph (the kit's job contract: each takes `now`, runs once per slot, and is
 * idempotent on its own: columns are set only where not set yet, messages carry stable keys).
 */
import type { Database } from '@qq/db/client';
import { chinaDay, defineJob, type OutboundMessage } from '@qq/kit';
import { messages } from './messages.ts';
import { stepLabel } from './service/redemption.service.ts';
import { ApplicationJobStore } from './store/applications.store.ts';
import { PolicyJobStore } from './store/policies.store.ts';

/** How long before the 24-hour deadline the department is reminded. */
export const REMIND_BEFORE_MS = 4 * 3600_000;

const SYSTEM = { actor: 'system', actorRole: 'system' } as const;

/** 到期失效: published policies whose validity ended become EXPIRED, each with its event. */
export const expirePolicies = defineJob({
  name: 'policies.expire',
  description: 'Marks published policies whose validity date has passed as EXPIRED (到期失效).',
  cron: '1 * * * *',
  async run({ db, now }) {
    const store = new PolicyJobStore(db as unknown as Database);
    const expired = await store.expire(now);
    await store.insertEvents(
      expired.map((p) => ({
        subjectId: p.id,
        action: 'EXPIRE',
        fromStatus: 'PUBLISHED',
        toStatus: 'EXPIRED',
        ...SYSTEM,
        note: '有效期届满，自动失效。',
        data: { validUntil: p.validUntil?.toISOString() ?? null },
        at: now,
      })),
    );
    return { expired: expired.length };
  },
});

/** 发布提醒: unpublished policies whose 24-hour deadline falls within four hours; their department is told once. */
export const remindPublishDeadline = defineJob({
  name: 'policies.remindPublishDeadline',
  description: 'Reminds the issuing department of policies not yet published four hours before the 24-hour deadline.',
  cron: '*/10 * * * *',
  async run({ db, now }) {
    const store = new PolicyJobStore(db as unknown as Database);
    const due = await store.claimReminders(now, new Date(now.getTime() + REMIND_BEFORE_MS));
    await store.enqueue(
      due.map((p): OutboundMessage => ({
        topic: 'policy.publishDue',
        idempotencyKey: `policy.publishDue:inbox:${p.id}`,
        countyCode: p.countyCode,
        channel: 'inbox',
        to: { dept: p.departmentCode, county: p.countyCode },
        ...messages.render('policy.publishDue', {
          title: p.title,
          deadline: `${chinaDay(p.publishDeadlineAt)} ${cstTime(p.publishDeadlineAt)}`,
        }),
        data: { policyId: p.id },
      })),
    );
    return { reminded: due.length };
  },
});

/** 超期标记: applications whose current step passed its time limit are flagged, and their department told once. */
export const flagOverdueApplications = defineJob({
  name: 'policies.flagOverdueApplications',
  description:
    'Flags redemption applications whose current step passed its working-day limit (超期) and tells the unit.',
  cron: '*/10 * * * *',
  async run({ db, now }) {
    const store = new ApplicationJobStore(db as unknown as Database);
    const overdue = await store.markOverdue(now);
    await store.enqueue(
      overdue.map((a): OutboundMessage => ({
        topic: 'redemption.overdue',
        idempotencyKey: `redemption.overdue:inbox:${a.id}:${a.round}:${a.status}`,
        countyCode: a.countyCode,
        channel: 'inbox',
        to: { dept: a.departmentCode, county: a.countyCode },
        ...messages.render('redemption.overdue', { projectName: a.projectName, step: stepLabel(a.status) }),
        data: { applicationId: a.id },
      })),
    );
    return { flagged: overdue.length };
  },
});

export const jobs = [expirePolicies, remindPublishDeadline, flagOverdueApplications];

/** HH:mm in China Standard Time. */
function cstTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
}
