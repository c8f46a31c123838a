/**
 * The demo's evaluation history: the monthly reports of the twelve months before the current one, generated through
 * the engine from the figures the departments publish in the graph (as the monthly job would have, on the first
 * working day of each following month). Months that have a report are left alone.
 */
import type { DatabaseHandle } from '@qq/db/client';
import { roleName } from '@qq/db/roles';
import { evaluationReports } from '@qq/db/schema/platform';
import { CITY_CODE, monthOf, signDevToken, workdayCalendar } from '@qq/kit';
import { generateReport, graphFigureSource, nextMonth, previousMonth } from '@qq/platform/evaluation';
import { eq } from 'drizzle-orm';

/** 07:00 China time on the first working day of `month`. */
function firstWorkingMorning(month: string): Date {
  const calendar = workdayCalendar();
  const d = new Date(`${month}-01T00:00:00Z`);
  while (!calendar.isWorkingDay(d.toISOString().slice(0, 10))) d.setUTCDate(d.getUTCDate() + 1);
  return new Date(`${d.toISOString().slice(0, 10)}T07:00:00+08:00`);
}

export async function generateEvaluationHistory(options: {
  handle: DatabaseHandle;
  /** The gateway. */
  url: string;
  months?: number;
  now?: Date;
}): Promise<Array<{ month: string; generated: boolean; supervised: string[] }>> {
  const now = options.now ?? new Date();
  const db = options.handle.connect({ max: 2, role: roleName('platform') });
  const source = graphFigureSource({
    url: options.url,
    token: () => signDevToken({ sub: 'bigdata-evaluation', role: 'system', dept: 'bigdata', county: CITY_CODE }),
  });
  const months: string[] = [];
  let m = previousMonth(monthOf(now));
  for (let i = 0; i < (options.months ?? 12); i++, m = previousMonth(m)) months.unshift(m);
  const out: Array<{ month: string; generated: boolean; supervised: string[] }> = [];
  for (const month of months) {
    const [existing] = await db
      .select({ id: evaluationReports.id })
      .from(evaluationReports)
      .where(eq(evaluationReports.month, month));
    if (existing) {
      out.push({ month, generated: false, supervised: [] });
      continue;
    }
    const at = firstWorkingMorning(nextMonth(month));
    const row = await generateReport(db, source, month, {
      version: 1,
      trigger: 'SCHEDULE',
      reason: null,
      generatedBy: 'platform.evaluation-monthly',
      generatedAt: at < now ? at : now,
    });
    const supervised = row ? [...row.results.departments, ...row.results.counties].filter((u) => u.supervised) : [];
    out.push({ month, generated: !!row, supervised: supervised.map((u) => u.name) });
  }
  return out;
}
