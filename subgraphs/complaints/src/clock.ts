/**
 * The 13710 clock (13710 工作制度) as configuration: a named profile of working-day limits, each counted from the day of
 * submission on China's working-day calendar (kit `workingDeadline`) and due at the end of that day. The usual reading
 * of 13710 (1 working day to sign, 3 to reply, 7 to resolve, 10 to report back) is not confirmed from an official text,
 * so it is a profile an operator can replace, not a rule in code. The profile's name is stored on each matter, so a
 * later change never moves a running clock.
 *
 * Environment: MATTER_CLOCK_PROFILE selects the active profile by name (default `13710`); an unknown name stops start-up.
 */
import { workingDeadline } from '@qq/kit';
import { z } from 'zod';

export interface ClockProfile {
  name: string;
  description: string;
  signDays: number;
  replyDays: number;
  resolveDays: number;
  reportDays: number;
}

const profileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().min(1),
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
      '“13710”工作制度的通常理解：1个工作日内签收，3个工作日内答复，7个工作日内办结，10个工作日内反馈结果，均自提交之日起按工作日计算。' +
      'The usual reading of the 13710 work system, not confirmed from an official text.',
    signDays: 1,
    replyDays: 3,
    resolveDays: 7,
    reportDays: 10,
  },
} as const satisfies Record<string, ClockProfile>;

export const DEFAULT_CLOCK_PROFILE = '13710';

/** Checks a profile (limits are non-negative whole days that do not decrease step by step). */
export function checkClockProfile(profile: ClockProfile): ClockProfile {
  const parsed = profileSchema.safeParse(profile);
  if (!parsed.success) {
    throw new Error(`Clock profile ${profile.name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The profile named by MATTER_CLOCK_PROFILE, or the default. */
export function clockProfileFromEnv(env: NodeJS.ProcessEnv = process.env): ClockProfile {
  const name = env.MATTER_CLOCK_PROFILE || DEFAULT_CLOCK_PROFILE;
  const profile = (CLOCK_PROFILES as Record<string, ClockProfile>)[name];
  if (!profile) {
    throw new Error(
      `MATTER_CLOCK_PROFILE=${name} is not a clock profile (known: ${Object.keys(CLOCK_PROFILES).join(', ')}).`,
    );
  }
  return checkClockProfile(profile);
}

export interface Deadlines {
  signDueAt: Date;
  replyDueAt: Date;
  resolveDueAt: Date;
  reportDueAt: Date;
}

/** The four deadlines of a matter submitted at `submittedAt`. */
export function deadlinesFor(profile: ClockProfile, submittedAt: Date): Deadlines {
  return {
    signDueAt: workingDeadline(submittedAt, profile.signDays),
    replyDueAt: workingDeadline(submittedAt, profile.replyDays),
    resolveDueAt: workingDeadline(submittedAt, profile.resolveDays),
    reportDueAt: workingDeadline(submittedAt, profile.reportDays),
  };
}
