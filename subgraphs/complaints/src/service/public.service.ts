/** The public, anonymised view of matters (`public.ts`): every caller, anonymous ones too. */
import type { Database } from '@qq/db/client';
import { BadUserInputError, parseInput } from '@qq/kit';
import { z } from 'zod';
import { CATEGORIES, REFERENCE_PATTERN } from '../domain.ts';
import { publicView } from '../public.ts';
import { PublicMatterStore } from '../store/public.store.ts';

export const PUBLIC_MAX = 1000;

const instantSchema = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 instant');

const publicFilterInput = z
  .object({
    categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length).nullish(),
    open: z.boolean().nullish(),
    submittedFrom: instantSchema.nullish(),
    submittedTo: instantSchema.nullish(),
    referenceNos: z.array(z.string().regex(REFERENCE_PATTERN, 'must look like TS-20261127-0001')).max(100).nullish(),
  })
  .nullish();

export async function publicMatters(db: Database, args: { filter?: unknown; first?: number | null }) {
  const first = args.first ?? 100;
  if (!Number.isInteger(first) || first < 0 || first > PUBLIC_MAX) {
    throw new BadUserInputError('first', `must be an integer from 0 to ${PUBLIC_MAX}`);
  }
  const input = parseInput(publicFilterInput, args.filter, 'filter') ?? {};
  const from = input.submittedFrom ? new Date(input.submittedFrom) : null;
  const to = input.submittedTo ? new Date(input.submittedTo) : null;
  if (from && to && from > to) throw new BadUserInputError('filter.submittedTo', 'must not be before submittedFrom');
  const rows = await new PublicMatterStore(db).list({ ...input, submittedFrom: from, submittedTo: to }, first);
  return rows.map(publicView);
}
