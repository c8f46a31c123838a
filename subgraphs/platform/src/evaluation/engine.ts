/**
 * The scoring of a month (pure: the same inputs always give the same report).
 *
 * Each measure scores the units it concerns that have a value from 0 to 100: a rate on its own scale (100 × rate, or
 * 100 × (1 − rate) when less is better); a count between the month's worst and best value among the units of the
 * same kind (all equal: 100 each), LOWER measures the other way. A unit's score is the weighted mean
 * of its scaled measures that have a value, rounded to two decimals (null without any). Units are ranked by score,
 * highest first, ties sharing the better place (1, 2, 2, 4); units without a score are not ranked. The bottom group
 * of a month is the units ranked in its last `bottom…` places. A unit in the bottom group in each of the last
 * `consecutiveMonths` months (the report's month and those before it, each scored with its own measures) is a key
 * supervision target (重点督查对象), to rectify by the deadline.
 */
import { workdayCalendar, type Calendar } from '@qq/kit';
import type { EvaluationSettings, Measure, UnitKind } from './catalog.ts';

/** A unit evaluated: a department (by code) or a county-level unit. */
export interface Unit {
  code: string;
  name: string;
}

/** Figure values read for a unit in a month, by path (`serviceFigures.overdue`); null: no data (a rate of nothing). */
export type UnitFigures = Record<string, number | null>;

/** What a month is scored from. */
export interface MonthInputs {
  month: string;
  /** The measure set versions in force (id; null for the built-in general set) by owner. */
  sets: Array<{ owner: string; id: string | null; validFrom: string }>;
  measures: Measure[];
  settings: EvaluationSettings;
  figures: Record<UnitKind, Record<string, UnitFigures>>;
}

/** What a report is computed from and keeps. */
export interface ReportInputs {
  month: string;
  units: Record<UnitKind, Unit[]>;
  /** The report's month first, then the months before it needed for the supervision rule. */
  months: MonthInputs[];
  /** When the figures were read, and from where. */
  readAt: string;
  source: string;
}

export interface MeasureResult {
  owner: string;
  key: string;
  value: number | null;
  score: number | null;
}

export interface UnitResult {
  kind: UnitKind;
  code: string;
  name: string;
  score: number | null;
  rank: number | null;
  /** In the month's bottom group (末位). */
  bottom: boolean;
  /** Bottom in each of the months of the supervision rule, latest first. */
  bottomStreak: boolean[];
  /** Key supervision target (重点督查对象). */
  supervised: boolean;
  /** Rectification deadline (整改期限), YYYY-MM-DD, for supervised units. */
  rectificationDueOn: string | null;
  measures: MeasureResult[];
}

export interface ReportResults {
  departments: UnitResult[];
  counties: UnitResult[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function measureValue(m: Measure, figures: UnitFigures | undefined): number | null {
  if (!figures) return null;
  const value = figures[m.figure];
  if (value === null || value === undefined) return null;
  if (!m.per) return value;
  let base = 0;
  for (const p of m.per) {
    const v = figures[p];
    if (v === null || v === undefined) return null;
    base += v;
  }
  return base === 0 ? null : value / base;
}

function concerns(m: Measure, kind: UnitKind, code: string): boolean {
  if (!m.unitKinds.includes(kind)) return false;
  return kind !== 'DEPARTMENT' || !m.departments || m.departments.includes(code);
}

interface Scored {
  code: string;
  score: number | null;
  rank: number | null;
  measures: MeasureResult[];
}

/** Scores and ranks the units of one kind in one month. */
export function scoreMonth(month: MonthInputs, kind: UnitKind, units: readonly Unit[]): Scored[] {
  const perUnit = new Map<string, MeasureResult[]>(units.map((u) => [u.code, []]));
  const totals = new Map<string, { weighted: number; weights: number }>(
    units.map((u) => [u.code, { weighted: 0, weights: 0 }]),
  );
  for (const m of month.measures) {
    const applicable = units.filter((u) => concerns(m, kind, u.code));
    const values = applicable.map((u) => {
      const v = measureValue(m, month.figures[kind]?.[u.code]);
      return { code: u.code, value: v === null ? null : round6(v) };
    });
    const present = values.filter((v) => v.value !== null).map((v) => v.value!);
    const min = Math.min(...present);
    const max = Math.max(...present);
    for (const { code, value } of values) {
      let score: number | null = null;
      if (value !== null) {
        if (m.scale === 'RATE') score = (m.direction === 'HIGHER' ? value : 1 - value) * 100;
        else score = max === min ? 100 : ((m.direction === 'HIGHER' ? value - min : max - value) / (max - min)) * 100;
        // The total takes the unrounded measure scores, so it does not depend on the display rounding.
        const t = totals.get(code)!;
        t.weighted += m.weight * score;
        t.weights += m.weight;
      }
      perUnit.get(code)!.push({ owner: m.owner, key: m.key, value, score: score === null ? null : round2(score) });
    }
  }
  const scored = units.map((u): Scored => {
    const t = totals.get(u.code)!;
    return {
      code: u.code,
      score: t.weights > 0 ? round2(t.weighted / t.weights) : null,
      rank: null,
      measures: perUnit.get(u.code)!,
    };
  });
  const ranked = scored.filter((s) => s.score !== null).sort((a, b) => b.score! - a.score! || cmp(a.code, b.code));
  ranked.forEach((s, i) => {
    const prev = ranked[i - 1];
    s.rank = prev && prev.score === s.score ? prev.rank : i + 1;
  });
  return scored;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Whether a ranked unit is in the month's bottom group of `size` places among `count` ranked units. */
function inBottom(rank: number | null, count: number, size: number): boolean {
  return rank !== null && size > 0 && rank > count - size;
}

/** The last calendar day of a month, YYYY-MM-DD. */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The month after `month` (YYYY-MM). */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The month before `month` (YYYY-MM). */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The report's results from its inputs. */
export function computeReport(inputs: ReportInputs, calendar: Calendar = workdayCalendar()): ReportResults {
  const [current] = inputs.months;
  if (!current) throw new Error('a report needs its month');
  const k = Math.min(current.settings.consecutiveMonths, inputs.months.length);
  // Counted from the first day of the following month: `addWorkingDays` does not count the day it starts from.
  const dueOn = calendar.addWorkingDays(lastDayOf(current.month), current.settings.rectificationWorkingDays);
  const byKind = (kind: UnitKind): UnitResult[] => {
    const units = inputs.units[kind];
    const streaks = new Map<string, boolean[]>(units.map((u) => [u.code, []]));
    const monthly = inputs.months.slice(0, k).map((month) => {
      const scored = scoreMonth(month, kind, units);
      const count = scored.filter((s) => s.rank !== null).length;
      const size = kind === 'DEPARTMENT' ? month.settings.bottomDepartments : month.settings.bottomCounties;
      for (const s of scored) streaks.get(s.code)!.push(inBottom(s.rank, count, size));
      return scored;
    });
    return monthly[0]!
      .map((s): UnitResult => {
        const streak = streaks.get(s.code)!;
        const supervised = streak.length >= current.settings.consecutiveMonths && streak.every(Boolean);
        return {
          kind,
          code: s.code,
          name: units.find((u) => u.code === s.code)!.name,
          score: s.score,
          rank: s.rank,
          bottom: streak[0] ?? false,
          bottomStreak: streak,
          supervised,
          rectificationDueOn: supervised ? dueOn : null,
          measures: s.measures,
        };
      })
      .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || cmp(a.code, b.code));
  };
  return { departments: byKind('DEPARTMENT'), counties: byKind('COUNTY') };
}
