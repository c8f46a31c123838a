import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeCreditCode } from '../src/creditCode.ts';
import { containsPattern, isUniqueViolation } from '../src/sql.ts';
import {
  assertUuid,
  calendarDaySchema,
  countyCodeSchema,
  isCalendarDay,
  isUuid,
  parseInput,
  readCountyFilter,
  readKeyword,
  unitOfEnterprise,
} from '../src/validation.ts';

function refusal(work: () => unknown): { field?: unknown; code?: unknown; message: string } | null {
  try {
    work();
    return null;
  } catch (error) {
    const { extensions, message } = error as { extensions: { field?: unknown; code?: unknown }; message: string };
    return { field: extensions.field, code: extensions.code, message };
  }
}

describe('parseInput', () => {
  const schema = z.object({ items: z.array(z.object({ name: z.string().min(2, 'too short') })) });

  it('returns the parsed value', () => {
    expect(parseInput(schema, { items: [{ name: '政策' }] })).toEqual({ items: [{ name: '政策' }] });
  });

  it('names the first offending field under the prefix', () => {
    expect(refusal(() => parseInput(schema, { items: [{ name: 'ok' }, { name: 'x' }] }))).toEqual({
      field: 'input.items.1.name',
      code: 'BAD_USER_INPUT',
      message: 'input.items.1.name: too short',
    });
    expect(refusal(() => parseInput(z.string().min(3, 'too short'), 'ab', 'filter'))?.field).toBe('filter');
  });
});

describe('ids', () => {
  it('accepts UUIDs in either case and refuses anything else on the field, with the given wording', () => {
    expect(isUuid('0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b')).toBe(true);
    expect(isUuid('0190A1B2-C3D4-7E5F-8A6B-7C8D9E0F1A2B')).toBe(true);
    expect(isUuid('0190a1b2c3d47e5f8a6b7c8d9e0f1a2b')).toBe(false);
    expect(refusal(() => assertUuid('x', 'id'))).toMatchObject({ field: 'id', code: 'BAD_USER_INPUT' });
    expect(refusal(() => assertUuid('x', 'id', 'is not a matter id'))?.message).toBe('id: is not a matter id');
  });
});

describe('filters', () => {
  it('takes the twelve units and the city as a county filter, as given', () => {
    expect(readCountyFilter(undefined, 'filter.countyCode')).toBeNull();
    expect(readCountyFilter(null, 'filter.countyCode')).toBeNull();
    expect(readCountyFilter('410422', 'filter.countyCode')).toBe('410422');
    expect(readCountyFilter('410400', 'filter.countyCode')).toBe('410400');
    expect(refusal(() => readCountyFilter('110105', 'filter.countyCode'))?.field).toBe('filter.countyCode');
    expect(refusal(() => readCountyFilter('', 'countyCode'))?.field).toBe('countyCode');
  });

  it('trims keywords and counts characters, not UTF-16 units', () => {
    expect(readKeyword(undefined, 'filter.keyword')).toBeNull();
    expect(readKeyword(' 政策 ', 'filter.keyword')).toBe('政策');
    expect(readKeyword('𠀀𠀀', 'filter.keyword')).toBe('𠀀𠀀');
    expect(readKeyword('字'.repeat(50), 'filter.keyword')).toHaveLength(50);
    for (const bad of ['', ' 政 ', '字'.repeat(51)]) {
      expect(refusal(() => readKeyword(bad, 'filter.keyword'))?.field, bad).toBe('filter.keyword');
    }
  });

  it('takes only the twelve units as the county of a record', () => {
    expect(countyCodeSchema.safeParse('410422').success).toBe(true);
    expect(countyCodeSchema.safeParse('410400').success).toBe(false);
  });
});

describe('unitOfEnterprise', () => {
  it('takes the unit given, else the one in the credit code, else asks for one', () => {
    const yexian = makeCreditCode('410422', 1);
    expect(unitOfEnterprise(yexian, '410471', 'input.countyCode')).toBe('410471');
    expect(unitOfEnterprise(yexian, null, 'input.countyCode')).toBe('410422');
    expect(refusal(() => unitOfEnterprise(makeCreditCode('410400', 2), null, 'input.countyCode'))?.field).toBe(
      'input.countyCode',
    );
    expect(refusal(() => unitOfEnterprise(makeCreditCode('110105', 3), undefined, 'input.countyCode'))?.field).toBe(
      'input.countyCode',
    );
  });
});

describe('sql helpers', () => {
  it('escapes LIKE wildcards so that the text matches literally', () => {
    expect(containsPattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });

  it('finds a unique violation through the causes drizzle wraps it in', () => {
    const driver = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(isUniqueViolation(new Error('Failed query', { cause: driver }))).toBe(true);
    expect(isUniqueViolation(driver)).toBe(true);
    expect(isUniqueViolation(new Error('Failed query', { cause: { code: '23503' } }))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});

describe('cursors', () => {
  it('refuses a forged cursor whose values do not fit the sort columns', async () => {
    const { afterCursor } = await import('../src/pagination.ts');
    const { pgTable, text, timestamp, uuid } = await import('drizzle-orm/pg-core');
    const t = pgTable('t', { at: timestamp({ withTimezone: true }), id: uuid(), name: text() });
    expect(() => afterCursor([t.at, t.id], ['x', 'y'], 'desc')).toThrow(/not a cursor/);
    expect(() => afterCursor([t.at, t.id], ['2026-11-27T00:00:00.000Z', 'not-a-uuid'], 'desc')).toThrow(/not a cursor/);
    expect(() => afterCursor([t.at], ['2026-11-27T00:00:00.000Z', 'extra'], 'desc')).toThrow(/not a cursor/);
    expect(
      afterCursor([t.at, t.id], ['2026-11-27T00:00:00.000Z', '0193f0c4-54a2-7cc0-9b1f-4a1c2b3d4e5f'], 'desc'),
    ).toBeDefined();
    expect(afterCursor([t.name], ['平顶山'], 'asc')).toBeDefined();
  });
});

describe('isCalendarDay', () => {
  it('takes days that exist and refuses those Date.parse would roll over', () => {
    expect(['2026-02-28', '2028-02-29', '2026-12-31', '0001-01-01'].filter(isCalendarDay)).toHaveLength(4);
    expect(
      [
        '2026-02-29',
        '2027-02-30',
        '2026-04-31',
        '2026-13-01',
        '2026-00-10',
        '2026-1-01',
        '2026-01-01T00:00Z',
        '',
      ].filter(isCalendarDay),
    ).toEqual([]);
    expect(refusal(() => parseInput(calendarDaySchema, '2027-02-30', 'input.promisedOn'))).toMatchObject({
      field: 'input.promisedOn',
      code: 'BAD_USER_INPUT',
    });
  });
});
