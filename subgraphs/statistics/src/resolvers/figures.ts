/** The monthly reporting figures of a county or a department (for the evaluation), with the rates. */
import type { Context } from '../context.ts';
import * as valid from '../service/validation.ts';

export async function figuresOf(ctx: Context, month: string, by: 'county' | 'department', code: string) {
  valid.period(month, 'month');
  const all = await ctx.loaders.statisticsFigures.load(month);
  const f = (by === 'county' ? all.byCounty : all.byDepartment).get(code) ?? all.empty();
  return {
    ...f,
    filingRate: f.due === 0 ? null : (f.onTime + f.late) / f.due,
    onTimeRate: f.due === 0 ? null : f.onTime / f.due,
  };
}
