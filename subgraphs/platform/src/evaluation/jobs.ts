/**
 * The monthly report job: from the first working day of a month (working-day calendar), each working morning of the
 * first ten days until it exists, the report of the month that ended is generated and stored (a day whose reading
 * failed is caught up the next working day). The figures are read through the graph before the run's transaction
 * opens (`prepare`), every catalog figure over the longest supervision rule, leaving out modules the graph does not
 * have; the report keeps only those its measures read, so it is the report `generateEvaluationReport` would make, and
 * fails (nothing stored, tried again the next day) when a module its measures need is missing.
 */
import type { Database } from '@qq/db/client';
import { chinaDay, daySlot, defineJob, monthOf, workdayCalendar, type Calendar } from '@qq/kit';
import { previousMonth } from './engine.ts';
import { EvaluationStore } from './evaluation.store.ts';
import { fullRequest, inputsOf, planReport, storeReportIn } from './evaluation.service.ts';
import { figureSourceFromEnv, type FigureReading, type FigureSource } from './figures.ts';

/**
 * Whether the job tries on `day` (YYYY-MM-DD): a working day up to the 10th of its month, so from the first working
 * day on (after a long holiday, such as National Day, the first working day is the first it tries).
 */
export function isReportDay(day: string, calendar: Calendar = workdayCalendar()): boolean {
  return calendar.isWorkingDay(day) && Number(day.slice(8, 10)) <= 10;
}

/** The job with a given figure source (tests pass one pointing at their graph). */
export function evaluationJob(source: () => FigureSource) {
  return defineJob({
    name: 'platform.evaluation-monthly',
    description:
      'From the first working day of a month, generates and stores the evaluation report of the month that ended (月度考核通报).',
    cron: '0 7 * * *',
    slot: daySlot,
    prepare: async ({ now }) => {
      if (!isReportDay(chinaDay(now))) return null;
      return source().read(fullRequest(previousMonth(monthOf(now))), { tolerant: true });
    },
    async run({ db, now, prepared }) {
      const reading = prepared as FigureReading | null;
      if (!reading) return { generated: false, reason: 'not a report day' };
      const month = previousMonth(monthOf(now));
      const tx = db as unknown as Database;
      const store = new EvaluationStore(tx);
      const existing = await store.report(month);
      if (existing) return { generated: false, month, reportId: existing.id, version: existing.version };
      const plans = planReport(await store.measureSets(), month);
      const row = await storeReportIn(tx, {
        month,
        version: 1,
        trigger: 'SCHEDULE',
        reason: null,
        generatedBy: 'platform.evaluation-monthly',
        generatedAt: now,
        inputs: inputsOf(month, plans, reading),
      });
      if (!row) return { generated: false, month };
      const supervised = [...row.results.departments, ...row.results.counties].filter((r) => r.supervised).length;
      return { generated: true, month, reportId: row.id, supervised };
    },
  });
}

export const monthlyEvaluation = evaluationJob(() => figureSourceFromEnv());

export const evaluationJobs = [monthlyEvaluation];
