/** Input schemas (zod); the kit's `parseInput` reports the first problem as BAD_USER_INPUT naming the field. */
import {
  calendarDaySchema,
  countyCodeSchema,
  DEPARTMENTS,
  isCalendarDay,
  isValidCreditCode,
  unitCodeSchema,
} from '@qq/kit';
import { z } from 'zod';
import { CATEGORIES, KINDS, SOURCES, STATUSES } from '../domain.ts';

/** Control characters other than tab and line breaks (the latter are checked separately). */
function hasControl(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/** Trimmed text of 1–`max` characters (code points, so that each Chinese character counts once). */
function text(max: number, { multiline }: { multiline: boolean }) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .refine((s) => [...s].length <= max, `must be at most ${max} characters`)
    .refine((s) => !hasControl(s) && (multiline || !/[\r\n]/.test(s)), 'must not contain control characters');
}

/** A mainland mobile number (11 digits from 13–19) or a landline with its area code (0375-2345678, extension allowed). */
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?[2-9]\d{6,7}(-\d{1,6})?$/;

export const phone = z
  .string()
  .transform((s) => s.replace(/[\s()]/g, '').replace(/^(\+86|0086)-?(?=1)/, ''))
  .refine((s) => MOBILE.test(s) || LANDLINE.test(s), 'must be a mainland mobile number or a landline with area code');

export const submitMatterInput = z.object({
  kind: z.enum(KINDS),
  category: z.enum(CATEGORIES),
  title: text(60, { multiline: false }),
  content: text(2000, { multiline: true }),
  contactName: text(30, { multiline: false }),
  contactPhone: phone,
  countyCode: countyCodeSchema.nullish(),
  enterpriseCreditCode: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isValidCreditCode, 'is not a valid unified social credit code')
    .nullish(),
  source: z.enum(SOURCES).nullish(),
  sourceReference: text(64, { multiline: false }).nullish(),
});
export type SubmitMatterInput = z.output<typeof submitMatterInput>;

/** An instant (ISO 8601 with a time) or a day (YYYY-MM-DD, China Standard Time). */
export const instantOrDay = z
  .string()
  .refine(
    (s) => isCalendarDay(s.slice(0, 10)) && (s.length === 10 || (s[10] === 'T' && !Number.isNaN(Date.parse(s)))),
    'must be an ISO 8601 instant or a day YYYY-MM-DD',
  );

export const matterFilterInput = z
  .object({
    status: z.array(z.enum(STATUSES)).nullish(),
    kind: z.enum(KINDS).nullish(),
    category: z.enum(CATEGORIES).nullish(),
    countyCode: unitCodeSchema.nullish(),
    departmentCode: z.enum(DEPARTMENTS, { error: 'unknown department code' }).nullish(),
    overdue: z.boolean().nullish(),
    submittedFrom: instantOrDay.nullish(),
    submittedTo: instantOrDay.nullish(),
  })
  .nullish();
export type MatterFilterInput = z.output<typeof matterFilterInput>;

const departmentCode = z.enum(DEPARTMENTS, { error: 'unknown department code' });
/** A China calendar day, YYYY-MM-DD, that exists. */
const day = calendarDaySchema;

export const dispatchMatterInput = z.object({
  departmentCode,
  countyCode: unitCodeSchema.nullish(),
  note: text(500, { multiline: true }).nullish(),
});

export const replyMatterInput = z.object({ reply: text(2000, { multiline: true }) });

export const resolveMatterInput = z
  .object({
    resolution: text(2000, { multiline: true }),
    remaining: text(1000, { multiline: true }).nullish(),
    promisedOn: day.nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.remaining && !v.promisedOn) {
      ctx.addIssue({ code: 'custom', path: ['promisedOn'], message: 'is required when something remains' });
    }
    if (!v.remaining && v.promisedOn) {
      ctx.addIssue({ code: 'custom', path: ['remaining'], message: 'is required with promisedOn' });
    }
  });

export const supplementMatterInput = z.object({ information: text(2000, { multiline: true }) });

export const reopenMatterInput = z.object({ reason: text(500, { multiline: true }) });

export const confirmMatterInput = z.object({ note: text(500, { multiline: true }).nullish() }).nullish();

export const requestTransferOfMatterInput = z.object({
  reason: text(500, { multiline: true }),
  departmentCode,
  countyCode: unitCodeSchema.nullish(),
});

export const decideTransferOfMatterInput = z
  .object({
    approve: z.boolean(),
    note: text(500, { multiline: true }).nullish(),
    departmentCode: departmentCode.nullish(),
    countyCode: unitCodeSchema.nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.approve) return;
    for (const key of ['departmentCode', 'countyCode'] as const) {
      if (v[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is given only when the transfer is approved' });
    }
  });

export const addCoHandlerToMatterInput = z.object({
  departmentCode,
  countyCode: unitCodeSchema.nullish(),
  note: text(500, { multiline: true }).nullish(),
});

export const replyAsCoHandlerToMatterInput = z.object({ reply: text(2000, { multiline: true }) });

export const rateMatterInput = z.object({
  score: z.number().int('must be a whole number from 1 to 5').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5'),
  comment: text(500, { multiline: true }).nullish(),
});

export const followMatterInput = z.object({ note: text(2000, { multiline: true }).nullish() }).nullish();

export const similarOpenMattersInput = z.enum(CATEGORIES);
