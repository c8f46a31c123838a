/**
 * The 13710 clock (13710 工作制度) as configuration: a named profile of working-day limits on China's working-day
 * calendar (kit `workingDeadline`), each due at the end of a China day. The dispatcher's limit counts from submission;
 * the four 13710 limits count from dispatch (分派), when the handling unit is known. The usual reading of 13710 (1
 * working day to sign, 3 to reply, 7 to resolve, 10 to report back) is not confirmed from an official text, so it is a
 * profile an operator can replace, not a rule in code. A category may carry its own profile. The profile's name is
 * stored on each matter at submission and its deadlines once computed, so a later change never moves a running clock.
 *
 * Environment:
 * - MATTER_CLOCK_PROFILE: the default profile by name (default `13710`); an unknown name stops start-up.
 * - MATTER_CATEGORY_CLOCK: profiles per category, `PAYMENT_ARREARS=extended,LAW_ENFORCEMENT=13710` (default:
 *   `PAYMENT_ARREARS=extended`, arrears take longer to settle).
 * - MATTER_QUIET_DAYS: working days after a resolution with no answer from the enterprise before the matter closes
 *   (default 10).
 */
import { chinaDay, workdayCalendar, workingDeadline } from '@qq/kit';
import { z } from 'zod';
import { CATEGORIES, type MatterCategory } from './domain.ts';

export interface ClockProfile {
  name: string;
  description: string;
  /** Working days from submission to dispatch (分派). */
  dispatchDays: number;
  /** Working days from dispatch to each stage. */
  signDays: number;
  replyDays: number;
  resolveDays: number;
  reportDays: number;
}

const profileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().min(1),
    dispatchDays: z.number().int().min(0),
    signDays: z.number().int().min(0),
    replyDays: z.number().int().min(0),
    resolveDays: z.number().int().min(0),
    reportDays: z.number().int().min(0),
  })
  .refine((p) => p.signDays <= p.replyDays && p.replyDays <= p.resolveDays && p.resolveDays <= p.reportDays, {
    message: 'the limits must not decrease from signing to reporting',
  });

export const CLOCK_PROFILES = {
  '13710': {
    name: '13710',
    description:
      '“13710”工作制度的通常理解：分派后1个工作日内签收，3个工作日内答复，7个工作日内办结，10个工作日内反馈结果；' +
      '受理后1个工作日内分派。The usual reading of the 13710 work system, not confirmed from an official text.',
    dispatchDays: 1,
    signDays: 1,
    replyDays: 3,
    resolveDays: 7,
    reportDays: 10,
  },
  extended: {
    name: 'extended',
    description:
      '复杂事项（如拖欠账款）：分派后1个工作日内签收，5个工作日内答复，15个工作日内办结，20个工作日内反馈结果。' +
      'Longer limits for matters that need other parties, such as payment arrears.',
    dispatchDays: 1,
    signDays: 1,
    replyDays: 5,
    resolveDays: 15,
    reportDays: 20,
  },
} as const satisfies Record<string, ClockProfile>;

export const DEFAULT_CLOCK_PROFILE = '13710';
export const DEFAULT_CATEGORY_CLOCK = 'PAYMENT_ARREARS=extended';
export const DEFAULT_QUIET_DAYS = 10;

/** The clock configuration of a running subgraph. */
export interface ClockConfig {
  /** The profile of categories without their own. */
  profile: ClockProfile;
  /** Profiles of categories that carry their own. */
  byCategory: Partial<Record<MatterCategory, ClockProfile>>;
  /** Working days of quiet after a resolution before the matter closes. */
  quietDays: number;
}

/** Checks a profile (limits are non-negative whole days that do not decrease step by step). */
export function checkClockProfile(profile: ClockProfile): ClockProfile {
  const parsed = profileSchema.safeParse(profile);
  if (!parsed.success) {
    throw new Error(`Clock profile ${profile.name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function profileNamed(name: string, variable: string): ClockProfile {
  const profile = (CLOCK_PROFILES as Record<string, ClockProfile>)[name];
  if (!profile) {
    throw new Error(`${variable}: ${name} is not a clock profile (known: ${Object.keys(CLOCK_PROFILES).join(', ')}).`);
  }
  return checkClockProfile(profile);
}

/** The configuration from the environment (see the top of this file). */
export function clockConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ClockConfig {
  const profile = profileNamed(env.MATTER_CLOCK_PROFILE || DEFAULT_CLOCK_PROFILE, 'MATTER_CLOCK_PROFILE');
  const byCategory: ClockConfig['byCategory'] = {};
  for (const pair of (env.MATTER_CATEGORY_CLOCK ?? DEFAULT_CATEGORY_CLOCK).split(',').filter(Boolean)) {
    const [category, name] = pair.split('=').map((s) => s.trim());
    if (!category || !name || !(CATEGORIES as readonly string[]).includes(category)) {
      throw new Error(`MATTER_CATEGORY_CLOCK: "${pair}" is not CATEGORY=profile`);
    }
    byCategory[category as MatterCategory] = profileNamed(name, 'MATTER_CATEGORY_CLOCK');
  }
  const quietDays = Number(env.MATTER_QUIET_DAYS ?? DEFAULT_QUIET_DAYS);
  if (!Number.isInteger(quietDays) || quietDays < 1) throw new Error('MATTER_QUIET_DAYS: a whole number of days ≥ 1');
  return { profile, byCategory, quietDays };
}

/** A configuration with one profile for every category (tests, or an operator's choice). */
export function clockConfigOf(profile: ClockProfile, over: Partial<ClockConfig> = {}): ClockConfig {
  return { profile: checkClockProfile(profile), byCategory: {}, quietDays: DEFAULT_QUIET_DAYS, ...over };
}

/** The profile of a new matter of this category. */
export function profileFor(config: ClockConfig, category: MatterCategory): ClockProfile {
  return config.byCategory[category] ?? config.profile;
}

/** The profile a matter was submitted under (by the name stored on it). */
export function storedProfile(config: ClockConfig, name: string): ClockProfile {
  const known = [config.profile, ...Object.values(config.byCategory)].find((p) => p.name === name);
  return known ?? profileNamed(name, 'clock profile of a matter');
}

export interface Deadlines {
  signDueAt: Date;
  replyDueAt: Date;
  resolveDueAt: Date;
  reportDueAt: Date;
}

/** The dispatcher's deadline of a matter submitted at `submittedAt`. */
export function dispatchDeadline(profile: ClockProfile, submittedAt: Date): Date {
  return workingDeadline(submittedAt, profile.dispatchDays);
}

/** The four 13710 deadlines of a matter dispatched at `dispatchedAt`. */
export function deadlinesFor(profile: ClockProfile, dispatchedAt: Date): Deadlines {
  return {
    signDueAt: workingDeadline(dispatchedAt, profile.signDays),
    replyDueAt: workingDeadline(dispatchedAt, profile.replyDays),
    resolveDueAt: workingDeadline(dispatchedAt, profile.resolveDays),
    reportDueAt: workingDeadline(dispatchedAt, profile.reportDays),
  };
}

/**
 * Working days left until a deadline, counted on the calendar: 0 on the day it falls due, 1 when it falls due on the
 * next working day, negative once it has passed (−1: the first working day after it).
 */
export function workingDaysLeft(dueAt: Date, now: Date): number {
  const calendar = workdayCalendar();
  const today = chinaDay(now);
  const dueDay = chinaDay(dueAt);
  if (now.getTime() <= dueAt.getTime()) return dueDay <= today ? 0 : calendar.workingDaysBetween(today, dueDay);
  return -Math.max(1, calendar.workingDaysBetween(dueDay, today));
}

/** Whether `n` working days have passed since an instant (for the quiet period and the escalation ladder). */
export function workingDaysSince(from: Date, now: Date): number {
  return workdayCalendar().workingDaysBetween(chinaDay(from), chinaDay(now));
}
